package com.batchtrain.testsupport.batch;

import com.batchtrain.testsupport.cloudformation.DeployedStack;
import com.batchtrain.testsupport.cloudformation.EmulatedCloud;
import java.util.List;
import java.util.Map;

/** CloudFormation's DescribeStacks (query protocol, XML responses) over the emulated account's stacks. */
final class CloudFormationApi {
  private static final String NS = "http://cloudformation.amazonaws.com/doc/2010-05-15/";
  private final EmulatedCloud cloud;

  CloudFormationApi(EmulatedCloud cloud) {
    this.cloud = cloud;
  }

  /** Answers one form-encoded request; throws {@link BatchApiException} as CloudFormation would. */
  String handle(Map<String, String> form) {
    String action = form.getOrDefault("Action", "");
    if (!action.equals("DescribeStacks")) {
      throw new BatchApiException(400, "InvalidAction", "the emulator implements DescribeStacks only, not " + action);
    }
    String name = form.get("StackName");
    List<DeployedStack> stacks = name == null ? cloud.stacks()
        : cloud.stacks().stream().filter(s -> s.name().equals(name) || s.stackId().equals(name)).toList();
    if (name != null && stacks.isEmpty()) {
      throw new BatchApiException(400, "ValidationError", "Stack with id " + name + " does not exist");
    }
    StringBuilder xml = new StringBuilder("<DescribeStacksResponse xmlns=\"" + NS + "\"><DescribeStacksResult><Stacks>");
    for (DeployedStack s : stacks) {
      xml.append("<member><StackName>").append(escape(s.name())).append("</StackName><StackId>")
          .append(escape(s.stackId())).append("</StackId><CreationTime>").append(s.creationTime())
          .append("</CreationTime><StackStatus>CREATE_COMPLETE</StackStatus><Outputs>");
      for (DeployedStack.Output o : s.outputs()) {
        xml.append("<member><OutputKey>").append(escape(o.key())).append("</OutputKey><OutputValue>")
            .append(escape(o.value())).append("</OutputValue><Description>").append(escape(o.description()))
            .append("</Description>");
        o.exportName().ifPresent(e -> xml.append("<ExportName>").append(escape(e)).append("</ExportName>"));
        xml.append("</member>");
      }
      xml.append("</Outputs></member>");
    }
    return xml.append("</Stacks></DescribeStacksResult><ResponseMetadata><RequestId>")
        .append(java.util.UUID.randomUUID()).append("</RequestId></ResponseMetadata></DescribeStacksResponse>").toString();
  }

  static String error(BatchApiException e) {
    return "<ErrorResponse xmlns=\"" + NS + "\"><Error><Type>Sender</Type><Code>" + escape(e.code()) + "</Code><Message>"
        + escape(e.getMessage()) + "</Message></Error><RequestId>" + java.util.UUID.randomUUID() + "</RequestId></ErrorResponse>";
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
