package com.batchtrain.reports.html;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * JSON that can sit inside {@code <script type="application/json">}: the HTML parser ends a script
 * block at {@code </script} and treats {@code <!--} specially, whatever JSON string it is in, so
 * {@code <}, {@code >} and {@code &} become their JSON unicode escapes. The text is still exactly
 * the same JSON value for {@code JSON.parse}.
 */
final class ScriptSafeJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ScriptSafeJson() {}

  static String of(JsonNode value) {
    String json;
    try {
      json = MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
    return json.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        // Line and paragraph separators are legal in JSON strings but not in older JS string literals.
        .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
  }
}
