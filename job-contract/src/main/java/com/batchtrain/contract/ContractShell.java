package com.batchtrain.contract;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Renders the job contract's names that the image's entry script needs (exit codes, the Batch job
 * variable, the mounts and the main class of each command) as a POSIX shell file. The container build runs
 * {@link #main} and puts the file next to the entry script, which sources it: the script carries no
 * copy of a code or path that could drift from the contract.
 */
public final class ContractShell {
  /** Where the image carries the file; the entry script sources it from there. */
  public static final String IMAGE_PATH = "/opt/batchtrain/contract.sh";

  private ContractShell() {}

  public static String render() {
    StringBuilder sh = new StringBuilder();
    sh.append("# Generated from the job contract (com.batchtrain.contract, docs/job-contract.md) by\n")
        .append("# ContractShell at build time. Do not edit: change the contract.\n");
    for (ExitCode code : ExitCode.values()) {
      sh.append("EX_").append(code.name()).append('=').append(code.code()).append('\n');
    }
    sh.append("BT_BATCH_JOB_ID_VAR=").append(JobEnv.BATCH_JOB_ID).append('\n');
    sh.append("BT_VCPUS_VAR=").append(JobEnv.VCPUS).append('\n');
    sh.append("\n# The EFS mounts a job command needs on Batch, one per line: variable, default path, ro|rw, role.\n")
        .append("bt_command_mounts() {\n")
        .append("  case \"${1:-}\" in\n");
    for (JobCommand command : JobCommand.values()) {
      sh.append("    ").append(command.id()).append(")\n");
      for (JobCommand.MountNeed need : command.mounts()) {
        EfsVolume v = need.volume();
        sh.append("      echo '").append(v.variable()).append(' ').append(v.mountPath()).append(' ')
            .append(need.readOnly() ? "ro" : "rw").append(' ').append(v.role()).append("'\n");
      }
      sh.append("      ;;\n");
    }
    sh.append("  esac\n}\n");
    sh.append("\n# The main class a job command runs; nothing for any other word (the image's own main class runs those).\n")
        .append("bt_command_main() {\n")
        .append("  case \"${1:-}\" in\n");
    for (JobCommand command : JobCommand.values()) {
      sh.append("    ").append(command.id()).append(") echo '").append(command.mainClass()).append("' ;;\n");
    }
    sh.append("  esac\n}\n");
    return sh.toString();
  }

  /** Writes the file to {@code args[0]}. */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: ContractShell OUTPUT_FILE");
    }
    Path out = Path.of(args[0]);
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, render(), StandardCharsets.UTF_8);
  }
}
