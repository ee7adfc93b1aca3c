package com.batchtrain.invoke.cost;

import com.batchtrain.contract.InvalidValueException;

/**
 * The price table has no price for a region or an instance type. Never answered with a guess: the
 * message names what is unknown, what the table has and how to give a price ({@code --prices FILE}).
 * An {@link InvalidValueException}, so the CLI exits 64.
 */
public class UnknownPriceException extends InvalidValueException {
  public UnknownPriceException(String field, String expected, String actual) {
    super(field, expected, actual);
  }
}
