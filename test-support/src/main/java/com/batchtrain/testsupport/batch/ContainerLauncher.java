package com.batchtrain.testsupport.batch;

import com.batchtrain.testsupport.container.Cgroup;
import com.batchtrain.testsupport.container.ContainerRun;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Starts one attempt's container the way the ECS agent does for a Batch job on EC2: the job
 * definition's image, command (or the request's), user, environment with the request's overrides on
 * top and the variables Batch and ECS set, EFS volumes through their access points, tmpfs mounts,
 * a read-only or a private writable root, the MEMORY reservation as a hard limit and VCPU as CPU
 * shares, GPUs announced through NVIDIA_VISIBLE_DEVICES, and the job role's credentials served
 * from a loopback endpoint instead of 169.254.170.2.
 */
final class ContainerLauncher {
  /** What the launcher needs from the emulated account. */
  record Account(String id, String region, Map<String, String> networkEnvironment, boolean limits) {}

  private final ImageRegistry registry;
  private final EfsVolumes efs;
  private final BatchResources resources;
  private final ContainerCredentials credentials;
  private final Account account;
  private final Path workDir;

  ContainerLauncher(ImageRegistry registry, EfsVolumes efs, BatchResources resources, ContainerCredentials credentials,
      Account account, Path workDir) {
    this.registry = registry;
    this.efs = efs;
    this.resources = resources;
    this.credentials = credentials;
    this.account = account;
    this.workDir = workDir;
  }

  /** Why a container could not start: the attempt fails with this as its container reason. */
  static final class StartFailure extends Exception {
    StartFailure(String reason) {
      super(reason);
    }
  }

  /** Starts {@code attempt} of {@code job}. Runs outside the job table's lock (unpacking an image takes seconds). */
  ContainerRun.Running start(EmulatedJob job, Attempt attempt) throws StartFailure, IOException {
    JsonNode props = job.definition.containerProperties();
    JsonNode overrides = job.request.path("containerOverrides");
    String imageRef = props.path("image").asText();
    ImageRegistry.Image image = registry.pull(imageRef).orElseThrow(() -> new StartFailure(
        "CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref " + imageRef
            + ": not found"));
    ContainerRun run = new ContainerRun(image.archive(), image.rootfs());
    run.env(account.networkEnvironment());
    run.env(environment(props.path("environment")));
    run.env(environment(overrides.path("environment")));
    run.env(batchVariables(job, attempt));
    String role = props.path("jobRoleArn").asText("");
    if (!role.isEmpty()) {
      run.env("AWS_CONTAINER_CREDENTIALS_FULL_URI", credentials.issue(role, attempt.taskArn).toString());
    }
    if (job.resources.gpus() > 0) {
      List<String> gpus = new ArrayList<>();
      for (int i = 0; i < job.resources.gpus(); i++) {
        gpus.add("GPU-" + UUID.nameUUIDFromBytes((attempt.instanceId + "/" + i).getBytes()));
      }
      run.env("NVIDIA_VISIBLE_DEVICES", String.join(",", gpus));
    }
    if (props.hasNonNull("user")) {
      run.user(numericUser(props.get("user").asText(), image.rootfs().resolve("/etc/passwd")));
    }
    if (props.path("readonlyRootFilesystem").asBoolean(false)) {
      run.readOnlyRoot();
    } else {
      attempt.writableLayer = Files.createDirectories(workDir.resolve("layers").resolve(taskId(attempt)));
      run.writableRoot(attempt.writableLayer);
    }
    mountVolumes(run, props);
    for (JsonNode tmpfs : props.path("linuxParameters").path("tmpfs")) {
      run.tmpfs(tmpfs.path("containerPath").asText(), tmpfs.path("size").asInt());
    }
    if (account.limits()) {
      Optional<Cgroup> cgroup = Cgroup.create(taskId(attempt), job.resources.memoryMiB(), job.resources.vcpus() * 1024);
      cgroup.ifPresent(run::limits);
      attempt.cgroup = cgroup.orElse(null);
    }
    Files.createDirectories(attempt.log.getParent());
    return run.start(attempt.log, command(job, props, overrides));
  }

  static String taskId(Attempt attempt) {
    return attempt.taskArn.substring(attempt.taskArn.lastIndexOf('/') + 1);
  }

  private Map<String, String> batchVariables(EmulatedJob job, Attempt attempt) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("AWS_BATCH_JOB_ID", job.id);
    env.put("AWS_BATCH_JOB_ATTEMPT", Integer.toString(attempt.number));
    env.put("AWS_BATCH_JQ_NAME", job.queue.name());
    env.put("AWS_BATCH_CE_NAME", attempt.computeEnvironment.name());
    if (job.parent != null) {
      env.put("AWS_BATCH_JOB_ARRAY_INDEX", Integer.toString(job.index));
      env.put("AWS_BATCH_JOB_ARRAY_SIZE", Integer.toString(job.parent.arraySize));
    }
    // Set by the ECS agent; on EC2 the SDKs find the region through instance metadata, which the
    // emulated instance answers with these.
    env.put("AWS_EXECUTION_ENV", "AWS_ECS_EC2");
    env.put("AWS_REGION", account.region());
    env.put("AWS_DEFAULT_REGION", account.region());
    return env;
  }

  private static Map<String, String> environment(JsonNode list) {
    Map<String, String> env = new LinkedHashMap<>();
    for (JsonNode kv : list) {
      env.put(kv.path("name").asText(), kv.path("value").asText(""));
    }
    return env;
  }

  private static List<String> command(EmulatedJob job, JsonNode props, JsonNode overrides) {
    JsonNode command = overrides.has("command") ? overrides.get("command") : props.path("command");
    Map<String, String> parameters = new LinkedHashMap<>();
    job.definition.parameters().fields()
        .forEachRemaining(p -> parameters.put(p.getKey(), p.getValue().asText()));
    job.request.path("parameters").fields().forEachRemaining(p -> parameters.put(p.getKey(), p.getValue().asText()));
    List<String> out = new ArrayList<>();
    for (JsonNode word : command) {
      String w = word.asText();
      // Batch substitutes "Ref::name" placeholders from the request's and the definition's parameters.
      out.add(w.startsWith("Ref::") && parameters.containsKey(w.substring(5)) ? parameters.get(w.substring(5)) : w);
    }
    return out;
  }

  private void mountVolumes(ContainerRun run, JsonNode props) throws StartFailure, IOException {
    Map<String, JsonNode> volumes = new LinkedHashMap<>();
    props.path("volumes").forEach(v -> volumes.put(v.path("name").asText(), v));
    for (JsonNode mp : props.path("mountPoints")) {
      JsonNode volume = volumes.get(mp.path("sourceVolume").asText());
      if (volume == null) {
        throw new StartFailure("mount point " + mp.path("containerPath").asText() + " names volume "
            + mp.path("sourceVolume").asText() + ", which the job definition does not declare");
      }
      Path source;
      JsonNode efsConfig = volume.path("efsVolumeConfiguration");
      if (!efsConfig.isMissingNode()) {
        String accessPointId = efsConfig.path("authorizationConfig").path("accessPointId").asText("");
        Optional<EfsAccessPoint> ap = accessPointId.isEmpty() ? Optional.empty() : resources.accessPoint(accessPointId);
        if (!accessPointId.isEmpty() && ap.isEmpty()) {
          throw new StartFailure("ResourceInitializationError: failed to invoke EFS utils commands to set up EFS volumes:"
              + " access point " + accessPointId + " does not exist");
        }
        if (ap.isPresent() && !ap.get().fileSystemId().equals(efsConfig.path("fileSystemId").asText())) {
          throw new StartFailure("ResourceInitializationError: access point " + accessPointId + " belongs to "
              + ap.get().fileSystemId() + ", not to " + efsConfig.path("fileSystemId").asText());
        }
        source = efs.directory(efsConfig.path("fileSystemId").asText(), ap, efsConfig.path("rootDirectory").asText(""));
      } else if (volume.has("host") && volume.get("host").hasNonNull("sourcePath")) {
        source = Files.createDirectories(workDir.resolve("instance-volumes")
            .resolve(volume.get("host").get("sourcePath").asText().replaceFirst("^/+", "")));
      } else {
        source = Files.createTempDirectory(workDir, "volume-");
      }
      run.mount(source, mp.path("containerPath").asText(), mp.path("readOnly").asBoolean(false));
    }
  }

  /** "uid:gid", "uid" (group 0, as Docker does), or a user name looked up in the image's /etc/passwd. */
  private static String numericUser(String user, Path passwd) throws StartFailure, IOException {
    String[] parts = user.split(":", 2);
    String uid = parts[0];
    String gid = parts.length > 1 ? parts[1] : null;
    if (!uid.matches("\\d+")) {
      Optional<String[]> entry = Files.exists(passwd) ? Files.readAllLines(passwd).stream().map(l -> l.split(":"))
          .filter(f -> f.length > 3 && f[0].equals(parts[0])).findFirst() : Optional.empty();
      if (entry.isEmpty()) {
        throw new StartFailure("CannotStartContainerError: unable to find user " + parts[0] + ": no matching entries in passwd file");
      }
      uid = entry.get()[2];
      gid = gid == null ? entry.get()[3] : gid;
    }
    return uid + ":" + (gid == null ? "0" : gid);
  }
}
