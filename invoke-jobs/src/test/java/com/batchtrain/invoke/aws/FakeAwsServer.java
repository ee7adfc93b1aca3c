package com.batchtrain.invoke.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.batchtrain.testsupport.batch.LoopbackHttp;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * AWS Batch (REST-JSON: SubmitJob, DescribeJobs, ListJobs, TerminateJob, CancelJob,
 * DescribeJobDefinitions, RegisterJobDefinition) and
 * CloudFormation DescribeStacks (query protocol, XML) on a loopback port, for the real SDK clients
 * through endpointOverride. Keeps jobs in memory; tests move trials between states and read back
 * every request. A recorder for fast tests of the CLI's requests and of how it reads states: it runs
 * nothing. The AWS path itself runs in aws-e2e, against test-support's BatchEmulator.
 */
public final class FakeAwsServer implements AutoCloseable {
  /** Batch job states, in lifecycle order. */
  public enum Status { SUBMITTED, PENDING, RUNNABLE, STARTING, RUNNING, SUCCEEDED, FAILED }

  /** One recorded API call: the operation and its JSON body (Batch) or form fields (CloudFormation). */
  public record Call(String operation, JsonNode body) {}

  /** A job or an array child. */
  public static final class Job {
    final String id;
    final String name;
    final JsonNode request;
    final int arraySize;
    Status status = Status.SUBMITTED;
    String statusReason;
    Integer exitCode;
    final Map<Integer, Job> children = new TreeMap<>();

    Job(String id, String name, JsonNode request, int arraySize) {
      this.id = id;
      this.name = name;
      this.request = request;
      this.arraySize = arraySize;
    }

    boolean terminal() {
      return status == Status.SUCCEEDED || status == Status.FAILED;
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpServer server;
  private final Map<String, Job> jobs = new LinkedHashMap<>();
  private final Map<String, Map<String, String>> stacks = new LinkedHashMap<>();
  /** Job definitions by ARN, in the API's shape. */
  private final Map<String, ObjectNode> definitions = new LinkedHashMap<>();
  private final List<Call> calls = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger ids = new AtomicInteger();

  private final ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
    Thread t = new Thread(r, "fake-aws");
    t.setDaemon(true);
    return t;
  });

  public FakeAwsServer() throws IOException {
    // Without TCP_NODELAY the JDK server's separate header and body writes meet delayed ACKs: every
    // call would take ~40 ms on loopback, which would swamp what the submission benchmark measures.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  public synchronized void putStack(String name, Map<String, String> outputs) {
    stacks.put(name, Map.copyOf(outputs));
  }

  /** Adds a job definition (API shape, without name, ARN and revision) as {@code arn} (…:job-definition/name:revision). */
  public synchronized void putJobDefinition(String arn, JsonNode definition) {
    String nameAndRevision = arn.substring(arn.lastIndexOf('/') + 1);
    ObjectNode d = definition.deepCopy();
    d.put("jobDefinitionName", nameAndRevision.substring(0, nameAndRevision.lastIndexOf(':')));
    d.put("jobDefinitionArn", arn);
    d.put("revision", Integer.parseInt(nameAndRevision.substring(nameAndRevision.lastIndexOf(':') + 1)));
    d.put("status", "ACTIVE");
    definitions.put(arn, d);
  }

  /** Every job definition, in registration order. */
  public synchronized List<JsonNode> jobDefinitions() {
    return List.copyOf(definitions.values());
  }

  public List<Call> calls() {
    synchronized (calls) {
      return List.copyOf(calls);
    }
  }

  public List<Call> calls(String operation) {
    return calls().stream().filter(c -> c.operation().equals(operation)).toList();
  }

  /** Ids of the submitted jobs, in submission order. */
  public synchronized List<String> jobIds() {
    return List.copyOf(jobs.keySet());
  }

  public void clearCalls() {
    calls.clear();
  }

  public synchronized Job job(String id) {
    return jobs.get(id);
  }

  /** Sets the state of array child {@code index} of {@code jobId}, or of the plain job when index is null. */
  public synchronized void set(String jobId, Integer index, Status status, Integer exitCode, String reason) {
    Job parent = jobs.get(jobId);
    Job target = index == null ? parent : parent.children.get(index);
    target.status = status;
    target.exitCode = exitCode;
    target.statusReason = reason;
    if (index != null) {
      refreshParent(parent);
    }
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      byte[] body = ex.getRequestBody().readAllBytes();
      String path = ex.getRequestURI().getPath();
      if (path.startsWith("/v1/")) {
        String op = path.substring("/v1/".length());
        JsonNode request = JSON.readTree(body.length == 0 ? "{}".getBytes() : body);
        calls.add(new Call(op, request));
        JsonNode response;
        synchronized (this) {
          response = switch (op) {
            case "submitjob" -> submit(request);
            case "describejobs" -> describe(request);
            case "listjobs" -> list(request);
            case "terminatejob", "canceljob" -> stop(request, op.equals("terminatejob"));
            case "describejobdefinitions" -> describeDefinitions(request);
            case "registerjobdefinition" -> register(request);
            default -> null;
          };
        }
        if (response == null) {
          LoopbackHttp.send(ex, 404, "application/json", "{\"message\":\"unknown operation " + op + "\"}");
        } else {
          LoopbackHttp.send(ex, 200, "application/json", JSON.writeValueAsString(response));
        }
        return;
      }
      Map<String, String> form = LoopbackHttp.form(new String(body, StandardCharsets.UTF_8));
      calls.add(new Call(form.getOrDefault("Action", "?"), JSON.valueToTree(form)));
      if (!"DescribeStacks".equals(form.get("Action"))) {
        LoopbackHttp.send(ex, 400, "text/xml", error("InvalidAction", "unsupported action " + form.get("Action")));
        return;
      }
      Map<String, String> outputs;
      synchronized (this) {
        outputs = stacks.get(form.get("StackName"));
      }
      if (outputs == null) {
        LoopbackHttp.send(ex, 400, "text/xml", error("ValidationError", "Stack with id " + form.get("StackName") + " does not exist"));
        return;
      }
      LoopbackHttp.send(ex, 200, "text/xml", describeStacks(form.get("StackName"), outputs));
    }
  }

  private JsonNode submit(JsonNode r) {
    String id = String.format("00000000-0000-0000-0000-%012d", ids.incrementAndGet());
    int size = r.path("arrayProperties").path("size").asInt(0);
    Job job = new Job(id, r.path("jobName").asText(), r, size);
    for (int i = 0; i < size; i++) {
      job.children.put(i, new Job(id + ":" + i, job.name, r, 0));
    }
    if (size > 0) {
      job.status = Status.PENDING;
    }
    jobs.put(id, job);
    ObjectNode out = JSON.createObjectNode();
    out.put("jobArn", "arn:aws:batch:us-east-1:123456789012:job/" + id);
    out.put("jobName", job.name);
    out.put("jobId", id);
    return out;
  }

  private JsonNode describeDefinitions(JsonNode r) {
    ObjectNode out = JSON.createObjectNode();
    ArrayNode list = out.putArray("jobDefinitions");
    for (ObjectNode d : definitions.values()) {
      boolean wanted = r.has("jobDefinitions")
          ? java.util.stream.StreamSupport.stream(r.get("jobDefinitions").spliterator(), false)
              .anyMatch(ref -> ref.asText().equals(d.get("jobDefinitionArn").asText())
                  || ref.asText().equals(d.get("jobDefinitionName").asText() + ":" + d.get("revision").asInt()))
          : d.get("jobDefinitionName").asText().equals(r.path("jobDefinitionName").asText());
      if (wanted) {
        list.add(d);
      }
    }
    return out;
  }

  private JsonNode register(JsonNode r) {
    String name = r.get("jobDefinitionName").asText();
    int revision = definitions.values().stream().filter(d -> d.get("jobDefinitionName").asText().equals(name))
        .mapToInt(d -> d.get("revision").asInt()).max().orElse(0) + 1;
    String arn = "arn:aws:batch:us-east-1:123456789012:job-definition/" + name + ":" + revision;
    ObjectNode d = r.deepCopy();
    d.remove("jobDefinitionName");
    putJobDefinition(arn, d);
    ObjectNode out = JSON.createObjectNode();
    out.put("jobDefinitionName", name);
    out.put("jobDefinitionArn", arn);
    out.put("revision", revision);
    return out;
  }

  private JsonNode describe(JsonNode r) {
    ObjectNode out = JSON.createObjectNode();
    ArrayNode list = out.putArray("jobs");
    for (JsonNode idNode : r.path("jobs")) {
      Job job = jobs.get(idNode.asText());
      if (job == null) {
        continue;
      }
      ObjectNode d = detail(job);
      if (job.arraySize > 0) {
        Map<Status, Integer> counts = new EnumMap<>(Status.class);
        job.children.values().forEach(c -> counts.merge(c.status, 1, Integer::sum));
        ObjectNode ap = d.putObject("arrayProperties");
        ap.put("size", job.arraySize);
        ObjectNode summary = ap.putObject("statusSummary");
        counts.forEach((s, n) -> summary.put(s.name(), n));
      }
      list.add(d);
    }
    return out;
  }

  private ObjectNode detail(Job job) {
    ObjectNode d = JSON.createObjectNode();
    d.put("jobArn", "arn:aws:batch:us-east-1:123456789012:job/" + job.id);
    d.put("jobName", job.name);
    d.put("jobId", job.id);
    d.put("jobQueue", job.request.path("jobQueue").asText());
    d.put("jobDefinition", job.request.path("jobDefinition").asText());
    d.put("status", job.status.name());
    d.put("createdAt", 1_700_000_000_000L);
    d.put("startedAt", 1_700_000_000_000L);
    if (job.statusReason != null) {
      d.put("statusReason", job.statusReason);
    }
    if (job.exitCode != null) {
      d.putObject("container").put("exitCode", job.exitCode);
    }
    return d;
  }

  private JsonNode list(JsonNode r) {
    Job parent = jobs.get(r.path("arrayJobId").asText());
    Status wanted = r.hasNonNull("jobStatus") ? Status.valueOf(r.get("jobStatus").asText()) : Status.RUNNING;
    List<Map.Entry<Integer, Job>> matching = new ArrayList<>();
    if (parent != null) {
      parent.children.entrySet().stream().filter(e -> e.getValue().status == wanted).forEach(matching::add);
    }
    int max = r.path("maxResults").asInt(100);
    int from = r.hasNonNull("nextToken") ? Integer.parseInt(r.get("nextToken").asText()) : 0;
    ObjectNode out = JSON.createObjectNode();
    ArrayNode list = out.putArray("jobSummaryList");
    for (int i = from; i < Math.min(matching.size(), from + max); i++) {
      Job c = matching.get(i).getValue();
      ObjectNode s = list.addObject();
      s.put("jobArn", "arn:aws:batch:us-east-1:123456789012:job/" + c.id);
      s.put("jobId", c.id);
      s.put("jobName", c.name);
      s.put("status", c.status.name());
      if (c.statusReason != null) {
        s.put("statusReason", c.statusReason);
      }
      s.putObject("arrayProperties").put("index", matching.get(i).getKey());
      if (c.exitCode != null) {
        s.putObject("container").put("exitCode", c.exitCode);
      }
    }
    if (from + max < matching.size()) {
      out.put("nextToken", Integer.toString(from + max));
    }
    return out;
  }

  private JsonNode stop(JsonNode r, boolean terminate) {
    Job job = jobs.get(r.path("jobId").asText());
    if (job != null) {
      List<Job> targets = job.arraySize > 0 ? new ArrayList<>(job.children.values()) : List.of(job);
      for (Job t : targets) {
        boolean started = t.status == Status.STARTING || t.status == Status.RUNNING;
        if (!t.terminal() && (terminate || !started)) {
          t.status = Status.FAILED;
          t.statusReason = r.path("reason").asText();
          t.exitCode = started ? 143 : null;
        }
      }
      if (job.arraySize > 0) {
        refreshParent(job);
      }
    }
    return JSON.createObjectNode();
  }

  private static void refreshParent(Job parent) {
    boolean allDone = parent.children.values().stream().allMatch(Job::terminal);
    if (allDone) {
      parent.status = parent.children.values().stream().allMatch(c -> c.status == Status.SUCCEEDED)
          ? Status.SUCCEEDED : Status.FAILED;
    } else {
      parent.status = Status.PENDING;
    }
  }

  private static String describeStacks(String name, Map<String, String> outputs) {
    StringBuilder xml = new StringBuilder("<DescribeStacksResponse xmlns=\"http://cloudformation.amazonaws.com/doc/2010-05-15/\">"
        + "<DescribeStacksResult><Stacks><member><StackName>" + name + "</StackName>"
        + "<StackId>arn:aws:cloudformation:us-east-1:123456789012:stack/" + name + "/1</StackId>"
        + "<CreationTime>2026-01-01T00:00:00Z</CreationTime><StackStatus>CREATE_COMPLETE</StackStatus><Outputs>");
    outputs.forEach((k, v) -> xml.append("<member><OutputKey>").append(k).append("</OutputKey><OutputValue>")
        .append(v).append("</OutputValue></member>"));
    return xml.append("</Outputs></member></Stacks></DescribeStacksResult>"
        + "<ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></DescribeStacksResponse>").toString();
  }

  private static String error(String code, String message) {
    return "<ErrorResponse xmlns=\"http://cloudformation.amazonaws.com/doc/2010-05-15/\"><Error><Type>Sender</Type><Code>"
        + code + "</Code><Message>" + message + "</Message></Error><RequestId>r-2</RequestId></ErrorResponse>";
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
