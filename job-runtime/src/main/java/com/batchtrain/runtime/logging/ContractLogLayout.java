package com.batchtrain.runtime.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import com.batchtrain.contract.JobEnv;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One JSON object per line when {@code BT_LOG_FORMAT=json}, or when unset inside AWS Batch (so
 * CloudWatch Logs Insights can query fields); a readable line otherwise.
 */
public final class ContractLogLayout extends LayoutBase<ILoggingEvent> {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

  private final boolean json = jsonWanted(System.getenv());

  static boolean jsonWanted(Map<String, String> env) {
    String format = env.get(JobEnv.LOG_FORMAT);
    if (format != null && !format.isBlank()) {
      return format.trim().equalsIgnoreCase("json");
    }
    return env.containsKey(JobEnv.BATCH_JOB_ID);
  }

  @Override
  public String doLayout(ILoggingEvent event) {
    return json ? json(event) : text(event);
  }

  private static String text(ILoggingEvent e) {
    StringBuilder sb = new StringBuilder()
        .append(TIME.format(Instant.ofEpochMilli(e.getTimeStamp()))).append(' ')
        .append(String.format("%-5s", e.getLevel())).append(' ')
        .append(shortName(e.getLoggerName())).append(" - ")
        .append(e.getFormattedMessage()).append(CoreConstants.LINE_SEPARATOR);
    IThrowableProxy t = e.getThrowableProxy();
    if (t != null) {
      sb.append(ThrowableProxyUtil.asString(t)).append(CoreConstants.LINE_SEPARATOR);
    }
    return sb.toString();
  }

  private static String json(ILoggingEvent e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("ts", Instant.ofEpochMilli(e.getTimeStamp()).toString());
    m.put("level", e.getLevel().toString());
    m.put("logger", e.getLoggerName());
    m.put("thread", e.getThreadName());
    m.put("message", e.getFormattedMessage());
    m.putAll(e.getMDCPropertyMap());
    IThrowableProxy t = e.getThrowableProxy();
    if (t != null) {
      m.put("exception", ThrowableProxyUtil.asString(t));
    }
    try {
      return JSON.writeValueAsString(m) + CoreConstants.LINE_SEPARATOR;
    } catch (JsonProcessingException ex) {
      return "{\"level\":\"ERROR\",\"message\":\"unloggable event\"}" + CoreConstants.LINE_SEPARATOR;
    }
  }

  private static String shortName(String logger) {
    int dot = logger.lastIndexOf('.');
    return dot < 0 ? logger : logger.substring(dot + 1);
  }
}
