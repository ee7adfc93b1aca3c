package com.batchtrain.invoke.drive;

import com.batchtrain.contract.ContractJson;
import com.batchtrain.contract.InvalidValueException;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.util.List;

/**
 * One step of the driver, one object in the journal: its sequence number, when, which driver
 * process ({@code pid@host-start}, so two drivers can be told apart) and what it did.
 */
public record JournalEntry(long seq, String at, String driver, List<JournalEvent> events) {
  public JournalEntry {
    if (seq < 1) {
      throw new InvalidValueException("journal entry seq", "1 or more", seq);
    }
    events = List.copyOf(events);
  }

  public byte[] toJson() {
    try {
      return ContractJson.mapper().writeValueAsBytes(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static JournalEntry fromJson(byte[] json, String where) {
    try {
      return ContractJson.mapper().readValue(json, JournalEntry.class);
    } catch (IOException e) {
      throw new InvalidValueException("journal entry " + where, "a driver journal entry (" + e.getMessage() + ")",
          "unparseable document");
    }
  }
}
