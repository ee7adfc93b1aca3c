package com.batchtrain.testsupport.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Creates one stack from its template the way CloudFormation does for the purposes of the
 * emulated account: parameters take their defaults (SSM parameter types are read from the
 * account's parameters), Rules are asserted, conditions are evaluated, each resource gets a physical
 * id and its properties are resolved ({@code Ref}, {@code Fn::GetAtt}, {@code Fn::Join},
 * {@code Fn::Sub}, {@code Fn::Select}, {@code Fn::Split}, {@code Fn::ImportValue}, {@code Fn::If},
 * {@code Fn::Equals}, {@code Fn::Not}, {@code Fn::And}, {@code Fn::Or}, {@code Fn::Contains},
 * {@code Fn::GetAZs}, {@code Fn::Base64}, {@code Fn::FindInMap}), then outputs are resolved and
 * exports published. An intrinsic it does not know fails the deployment, naming where it is.
 */
final class StackDeployment {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{(!?)([^}]*)}");
  private static final JsonNode NO_VALUE = JsonNodeFactory.instance.textNode("\u0000AWS::NoValue");

  private final String stackName;
  private final String stackId;
  private final JsonNode template;
  private final String account;
  private final String region;
  private final Map<String, String> exports;
  private final Map<String, String> ssmParameters;
  private final PhysicalResources physical;
  private final Map<String, JsonNode> parameters = new HashMap<>();
  private final Map<String, Boolean> conditions = new HashMap<>();
  private final Map<String, String> physicalIds = new HashMap<>();
  private final Map<String, JsonNode> resolvedProperties = new HashMap<>();
  private final Set<String> resolving = new HashSet<>();

  StackDeployment(String stackName, JsonNode template, String account, String region, Map<String, String> exports,
      Map<String, String> ssmParameters, PhysicalResources physical) {
    this.stackName = stackName;
    this.stackId = "arn:aws:cloudformation:" + region + ":" + account + ":stack/" + stackName + "/"
        + java.util.UUID.nameUUIDFromBytes(stackName.getBytes(StandardCharsets.UTF_8));
    this.template = template;
    this.account = account;
    this.region = region;
    this.exports = exports;
    this.ssmParameters = ssmParameters;
    this.physical = physical;
  }

  DeployedStack deploy(String creationTime) {
    template.path("Parameters").fields().forEachRemaining(p -> parameters.put(p.getKey(), parameterValue(p.getKey(), p.getValue())));
    assertRules();
    Map<String, DeployedResource> resources = new LinkedHashMap<>();
    template.path("Resources").fields().forEachRemaining(e -> {
      if (exists(e.getKey())) {
        resources.put(e.getKey(), new DeployedResource(stackName, e.getKey(), e.getValue().path("Type").asText(),
            physicalId(e.getKey()), properties(e.getKey())));
      }
    });
    List<DeployedStack.Output> outputs = new ArrayList<>();
    template.path("Outputs").fields().forEachRemaining(e -> {
      JsonNode o = e.getValue();
      if (o.has("Condition") && !condition(o.get("Condition").asText())) {
        return;
      }
      String where = "Outputs." + e.getKey();
      String value = text(resolve(o.get("Value"), where), where);
      Optional<String> export = o.has("Export") ? Optional.of(text(resolve(o.get("Export").get("Name"), where), where))
          : Optional.empty();
      export.ifPresent(name -> {
        if (exports.putIfAbsent(name, value) != null) {
          throw new DeploymentException(stackName + ": export " + name + " already exists in this account and region");
        }
      });
      outputs.add(new DeployedStack.Output(e.getKey(), value, o.path("Description").asText(""), export));
    });
    return new DeployedStack(stackName, stackId, creationTime, outputs, resources);
  }

  private JsonNode parameterValue(String name, JsonNode declaration) {
    String type = declaration.path("Type").asText();
    JsonNode dflt = declaration.get("Default");
    if (dflt == null) {
      throw new DeploymentException(stackName + ": parameter " + name + " has no default and the emulator passes none");
    }
    if (type.startsWith("AWS::SSM::Parameter::Value<")) {
      String value = ssmParameters.get(dflt.asText());
      if (value == null) {
        throw new DeploymentException(stackName + ": SSM parameter " + dflt.asText() + " does not exist in this account"
            + " (parameter " + name + "); is the account bootstrapped?");
      }
      return TextNode.valueOf(value);
    }
    return dflt;
  }

  private void assertRules() {
    template.path("Rules").fields().forEachRemaining(rule -> {
      JsonNode when = rule.getValue().get("RuleCondition");
      if (when != null && !bool(resolve(when, "Rules." + rule.getKey()), "Rules." + rule.getKey())) {
        return;
      }
      for (JsonNode assertion : rule.getValue().path("Assertions")) {
        if (!bool(resolve(assertion.get("Assert"), "Rules." + rule.getKey()), "Rules." + rule.getKey())) {
          throw new DeploymentException(stackName + ": rule " + rule.getKey() + " failed: "
              + assertion.path("AssertDescription").asText("assertion failed"));
        }
      }
    });
  }

  private boolean exists(String logicalId) {
    JsonNode r = template.path("Resources").get(logicalId);
    return r != null && (!r.has("Condition") || condition(r.get("Condition").asText()));
  }

  private boolean condition(String name) {
    return conditions.computeIfAbsent(name, n -> {
      JsonNode c = template.path("Conditions").get(n);
      if (c == null) {
        throw new DeploymentException(stackName + ": no condition " + n);
      }
      return bool(resolve(c, "Conditions." + n), "Conditions." + n);
    });
  }

  private String physicalId(String logicalId) {
    String known = physicalIds.get(logicalId);
    if (known != null) {
      return known;
    }
    JsonNode resource = resource(logicalId);
    // Only a name property may feed the physical id; resolving it may need other resources' ids.
    ObjectNode nameProperties = JSON.createObjectNode();
    resource.path("Properties").fields().forEachRemaining(p -> {
      if (p.getKey().endsWith("Name") && (p.getValue().isTextual() || isIntrinsic(p.getValue()))) {
        JsonNode name = guarded(logicalId, () -> resolve(p.getValue(), logicalId + ".Properties." + p.getKey()));
        if (name != NO_VALUE) {
          nameProperties.set(p.getKey(), name);
        }
      }
    });
    String id = physical.physicalId(stackName, logicalId, resource.path("Type").asText(), nameProperties);
    physicalIds.put(logicalId, id);
    return id;
  }

  private JsonNode properties(String logicalId) {
    JsonNode known = resolvedProperties.get(logicalId);
    if (known != null) {
      return known;
    }
    JsonNode props = guarded(logicalId, () -> {
      JsonNode raw = resource(logicalId).path("Properties");
      return raw.isMissingNode() ? JSON.createObjectNode() : resolve(raw, logicalId + ".Properties");
    });
    resolvedProperties.put(logicalId, props);
    return props;
  }

  private JsonNode guarded(String logicalId, java.util.function.Supplier<JsonNode> work) {
    if (!resolving.add(logicalId)) {
      throw new DeploymentException(stackName + ": circular reference through " + logicalId);
    }
    try {
      return work.get();
    } finally {
      resolving.remove(logicalId);
    }
  }

  private JsonNode resource(String logicalId) {
    JsonNode r = template.path("Resources").get(logicalId);
    if (r == null) {
      throw new DeploymentException(stackName + ": no resource " + logicalId);
    }
    if (!exists(logicalId)) {
      throw new DeploymentException(stackName + ": resource " + logicalId + " is not created (its condition is false)");
    }
    return r;
  }

  private static boolean isIntrinsic(JsonNode node) {
    if (!node.isObject() || node.size() != 1) {
      return false;
    }
    String key = node.fieldNames().next();
    return key.equals("Ref") || key.startsWith("Fn::");
  }

  /** {@code node} with every intrinsic function replaced by its value; {@code where} names it in errors. */
  JsonNode resolve(JsonNode node, String where) {
    if (node.isArray()) {
      ArrayNode out = JSON.createArrayNode();
      for (JsonNode item : node) {
        JsonNode v = resolve(item, where);
        if (v != NO_VALUE) {
          out.add(v);
        }
      }
      return out;
    }
    if (!node.isObject()) {
      return node;
    }
    if (node.size() == 1) {
      String key = node.fieldNames().next();
      JsonNode arg = node.get(key);
      if (key.equals("Ref") || key.equals("Condition") && arg.isTextual() || key.startsWith("Fn::")) {
        return intrinsic(key, arg, where);
      }
    }
    ObjectNode out = JSON.createObjectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode v = resolve(e.getValue(), where + "." + e.getKey());
      if (v != NO_VALUE) {
        out.set(e.getKey(), v);
      }
    }
    return out;
  }

  private JsonNode intrinsic(String fn, JsonNode arg, String where) {
    return switch (fn) {
      case "Ref" -> ref(arg.asText(), where);
      case "Condition" -> JsonNodeFactory.instance.booleanNode(condition(arg.asText()));
      case "Fn::GetAtt" -> getAtt(arg, where);
      case "Fn::Join" -> {
        List<String> parts = new ArrayList<>();
        for (JsonNode p : resolve(arg.get(1), where)) {
          parts.add(text(p, where));
        }
        yield TextNode.valueOf(String.join(arg.get(0).asText(), parts));
      }
      case "Fn::Select" -> {
        int index = Integer.parseInt(text(resolve(arg.get(0), where), where));
        JsonNode list = resolve(arg.get(1), where);
        if (index < 0 || index >= list.size()) {
          throw new DeploymentException(stackName + ": Fn::Select index " + index + " out of range at " + where);
        }
        yield list.get(index);
      }
      case "Fn::Split" -> {
        ArrayNode out = JSON.createArrayNode();
        for (String part : text(resolve(arg.get(1), where), where).split(Pattern.quote(arg.get(0).asText()), -1)) {
          out.add(part);
        }
        yield out;
      }
      case "Fn::Sub" -> sub(arg, where);
      case "Fn::ImportValue" -> {
        String name = text(resolve(arg, where), where);
        String value = exports.get(name);
        if (value == null) {
          throw new DeploymentException(stackName + ": no export named " + name + " (at " + where + ")");
        }
        yield TextNode.valueOf(value);
      }
      case "Fn::If" -> resolve(condition(arg.get(0).asText()) ? arg.get(1) : arg.get(2), where);
      case "Fn::Equals" -> JsonNodeFactory.instance.booleanNode(
          resolve(arg.get(0), where).asText().equals(resolve(arg.get(1), where).asText()));
      case "Fn::Not" -> JsonNodeFactory.instance.booleanNode(!bool(resolve(arg.get(0), where), where));
      case "Fn::And", "Fn::Or" -> {
        boolean and = fn.equals("Fn::And");
        boolean result = and;
        for (JsonNode c : arg) {
          boolean v = bool(resolve(c, where), where);
          result = and ? result && v : result || v;
        }
        yield JsonNodeFactory.instance.booleanNode(result);
      }
      case "Fn::Contains" -> {
        String needle = text(resolve(arg.get(1), where), where);
        boolean found = false;
        for (JsonNode item : resolve(arg.get(0), where)) {
          found |= item.asText().equals(needle);
        }
        yield JsonNodeFactory.instance.booleanNode(found);
      }
      case "Fn::GetAZs" -> {
        ArrayNode azs = JSON.createArrayNode();
        for (String suffix : List.of("a", "b", "c")) {
          azs.add(region + suffix);
        }
        yield azs;
      }
      case "Fn::Base64" -> TextNode.valueOf(Base64.getEncoder().encodeToString(
          text(resolve(arg, where), where).getBytes(StandardCharsets.UTF_8)));
      case "Fn::FindInMap" -> {
        JsonNode value = template.path("Mappings").path(text(resolve(arg.get(0), where), where))
            .path(text(resolve(arg.get(1), where), where)).path(text(resolve(arg.get(2), where), where));
        if (value.isMissingNode()) {
          throw new DeploymentException(stackName + ": Fn::FindInMap finds nothing at " + where);
        }
        yield value;
      }
      default -> throw new DeploymentException(stackName + ": the emulator does not resolve " + fn + " (at " + where + ")");
    };
  }

  private JsonNode ref(String name, String where) {
    return switch (name) {
      case "AWS::AccountId" -> TextNode.valueOf(account);
      case "AWS::Region" -> TextNode.valueOf(region);
      case "AWS::Partition" -> TextNode.valueOf("aws");
      case "AWS::URLSuffix" -> TextNode.valueOf("amazonaws.com");
      case "AWS::StackName" -> TextNode.valueOf(stackName);
      case "AWS::StackId" -> TextNode.valueOf(stackId);
      case "AWS::NoValue" -> NO_VALUE;
      default -> {
        if (parameters.containsKey(name)) {
          yield parameters.get(name);
        }
        if (!template.path("Resources").has(name)) {
          throw new DeploymentException(stackName + ": Ref to unknown " + name + " at " + where);
        }
        yield TextNode.valueOf(physicalId(name));
      }
    };
  }

  private JsonNode getAtt(JsonNode arg, String where) {
    String logicalId;
    String attribute;
    if (arg.isTextual()) {
      int dot = arg.asText().indexOf('.');
      logicalId = arg.asText().substring(0, dot);
      attribute = arg.asText().substring(dot + 1);
    } else {
      logicalId = arg.get(0).asText();
      attribute = text(resolve(arg.get(1), where), where);
    }
    JsonNode r = resource(logicalId);
    DeployedResource partial = new DeployedResource(stackName, logicalId, r.path("Type").asText(), physicalId(logicalId),
        properties(logicalId));
    return TextNode.valueOf(physical.attribute(partial, attribute));
  }

  private JsonNode sub(JsonNode arg, String where) {
    String text = arg.isTextual() ? arg.asText() : arg.get(0).asText();
    Map<String, JsonNode> vars = new HashMap<>();
    if (arg.isArray() && arg.size() > 1) {
      arg.get(1).fields().forEachRemaining(v -> vars.put(v.getKey(), resolve(v.getValue(), where)));
    }
    Matcher m = SUB_VARIABLE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String replacement;
      if (!m.group(1).isEmpty()) {
        replacement = "${" + m.group(2) + "}";
      } else if (vars.containsKey(m.group(2))) {
        replacement = text(vars.get(m.group(2)), where);
      } else if (m.group(2).contains(".") && !m.group(2).startsWith("AWS::")) {
        replacement = text(getAtt(TextNode.valueOf(m.group(2)), where), where);
      } else {
        replacement = text(ref(m.group(2), where), where);
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return TextNode.valueOf(out.toString());
  }

  private String text(JsonNode value, String where) {
    if (value == NO_VALUE || value.isContainerNode()) {
      throw new DeploymentException(stackName + ": expected a string at " + where + ", got " + value);
    }
    return value.asText();
  }

  private boolean bool(JsonNode value, String where) {
    if (value.isBoolean()) {
      return value.asBoolean();
    }
    String t = text(value, where);
    if (t.equalsIgnoreCase("true") || t.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(t);
    }
    throw new DeploymentException(stackName + ": expected a condition at " + where + ", got " + value);
  }
}
