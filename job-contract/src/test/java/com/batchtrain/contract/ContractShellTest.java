package com.batchtrain.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rendered shell file, sourced by a real POSIX shell, says what the Java contract says. */
class ContractShellTest {
  @TempDir Path dir;

  @Test
  void exitCodesAndTheBatchVariableAreTheContracts() throws Exception {
    List<String> expected = new ArrayList<>();
    StringBuilder script = new StringBuilder();
    for (ExitCode code : ExitCode.values()) {
      script.append("echo $EX_").append(code.name()).append(';');
      expected.add(Integer.toString(code.code()));
    }
    script.append("echo $BT_BATCH_JOB_ID_VAR; echo $BT_VCPUS_VAR");
    expected.add(JobEnv.BATCH_JOB_ID);
    expected.add(JobEnv.VCPUS);
    assertEquals(expected, shell(script.toString()));
  }

  @Test
  void eachCommandNeedsItsMountsAndOthersNone() throws Exception {
    for (JobCommand command : JobCommand.values()) {
      List<String> expected = command.mounts().stream()
          .map(m -> m.volume().variable() + " " + m.volume().mountPath() + " " + (m.readOnly() ? "ro" : "rw") + " "
              + m.volume().role())
          .toList();
      assertEquals(expected, shell("bt_command_mounts " + command.id()), command.id());
    }
    assertEquals(List.of(), shell("bt_command_mounts generate-data"));
    assertEquals(List.of(), shell("bt_command_mounts"));
  }

  @Test
  void trainReadsTheCacheAndWritesRunsWhileStageWritesOnlyTheCache() {
    assertEquals(List.of(new JobCommand.MountNeed(EfsVolume.STATIC, true), new JobCommand.MountNeed(EfsVolume.RUNS, false)),
        JobCommand.TRAIN.mounts());
    assertEquals(List.of(new JobCommand.MountNeed(EfsVolume.STATIC, false)), JobCommand.STAGE.mounts());
  }

  @Test
  void eachCommandNamesItsMainClassAndOtherWordsNone() throws Exception {
    for (JobCommand command : JobCommand.values()) {
      assertEquals(List.of(command.mainClass()), shell("bt_command_main " + command.id()), command.id());
    }
    // The runtime's other subcommands and options fall through to the image's own main class.
    assertEquals(List.of(), shell("bt_command_main generate-data"));
    assertEquals(List.of(), shell("bt_command_main --help"));
    assertEquals(List.of(), shell("bt_command_main"));
  }

  @Test
  void trainingAndStagingRunTheRuntimeWhileTheDriverRunsTheCliWithoutMounts() {
    assertEquals(JobCommand.RUNTIME_MAIN, JobCommand.TRAIN.mainClass());
    assertEquals(JobCommand.RUNTIME_MAIN, JobCommand.STAGE.mainClass());
    assertEquals(JobCommand.CLI_MAIN, JobCommand.DRIVE.mainClass());
    assertEquals("drive", JobCommand.DRIVE.id());
    assertEquals(List.of(), JobCommand.DRIVE.mounts());
  }

  @Test
  void mainWritesTheFile() throws Exception {
    Path out = dir.resolve("sub/contract.sh");
    ContractShell.main(new String[] {out.toString()});
    assertEquals(ContractShell.render(), Files.readString(out));
  }

  private List<String> shell(String commands) throws IOException, InterruptedException {
    Path file = dir.resolve("contract.sh");
    Files.writeString(file, ContractShell.render());
    Process p = new ProcessBuilder("/bin/sh", "-euc", ". " + file + "; " + commands).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
    return out.lines().toList();
  }
}
