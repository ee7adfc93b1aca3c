package com.batchtrain.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CommandTrainerContractTest {

  @Test
  void placeholdersAreSubstitutedPerArgumentWithTheValuesTypes() {
    CommandTemplate t = CommandTemplate.of(List.of("python3", "train.py", "--lr", "{learning_rate}", "--layers={layers}",
        "--opt", "{optimizer}", "{{literal}}", "--shuffle", "{shuffle}", "--width", "{width}"));
    assertEquals(Set.of("learning_rate", "layers", "optimizer", "shuffle", "width"), t.placeholders());
    Map<String, Object> hp = new LinkedHashMap<>();
    hp.put("learning_rate", 0.001);
    hp.put("layers", List.of(64, 32));
    hp.put("optimizer", "sgd with space");
    hp.put("shuffle", true);
    hp.put("width", 128);
    assertEquals(List.of("python3", "train.py", "--lr", "0.001", "--layers=[64,32]", "--opt", "sgd with space", "{literal}",
        "--shuffle", "true", "--width", "128"), t.render(hp));
    // A float keeps its fraction: the command's parser may insist on a float.
    assertEquals("1.0", CommandTemplate.text(1.0));
  }

  @Test
  void malformedAndUndeclaredPlaceholdersNameTheArgument() {
    assertEquals("trainer.command[1]", assertThrows(InvalidValueException.class,
        () -> CommandTemplate.of(List.of("x", "{Bad-Name}"))).field());
    assertEquals("trainer.command[2]", assertThrows(InvalidValueException.class,
        () -> CommandTemplate.of(List.of("x", "ok", "{unclosed"))).field());
    CommandTemplate t = CommandTemplate.of(List.of("x", "{lr}", "{momentum}"));
    InvalidValueException e = assertThrows(InvalidValueException.class, () -> t.requireDeclared(Set.of("lr")));
    assertEquals("trainer.command[2]", e.field());
    assertTrue(e.getMessage().contains("{momentum}"), e.getMessage());
  }

  @Test
  void aTrainerIsExactlyOneOfBuiltinAndCommand() {
    assertEquals("trainer", assertThrows(InvalidValueException.class, () -> new TrainerSpec(null, null, null)).field());
    assertEquals("trainer", assertThrows(InvalidValueException.class, () -> new TrainerSpec("mlp", List.of("x"), null)).field());
    assertEquals("trainer.builtin", assertThrows(InvalidValueException.class, () -> new TrainerSpec("xgboost", null, null)).field());
    assertEquals("trainer.command", assertThrows(InvalidValueException.class, () -> new TrainerSpec(null, List.of(), null)).field());
    assertEquals("trainer.command[0]", assertThrows(InvalidValueException.class,
        () -> new TrainerSpec(null, List.of(" "), null)).field());
    assertEquals("trainer.image", assertThrows(InvalidValueException.class,
        () -> new TrainerSpec("mlp", null, "repo:tag")).field());
    assertEquals("trainer.image", assertThrows(InvalidValueException.class,
        () -> new TrainerSpec(null, List.of("x"), "Not An Image")).field());
    TrainerSpec ok = new TrainerSpec(null, List.of("python3", "train.py"), "123456789012.dkr.ecr.us-east-1.amazonaws.com/team/trainer:v1");
    assertTrue(ok.isCommand());
    assertFalse(TrainerSpec.builtinMlp().isCommand());
  }

  @Test
  void aCommandSweepsTrialsFileRoundTripsAndABuiltinOneReadsAsBefore() {
    List<TrialsFile.Trial> one = List.of(new TrialsFile.Trial("t0000", Map.of("lr", 0.1, "name", "a", "on", true)));
    Objective objective = new Objective("val_loss", Objective.Goal.MINIMIZE);
    TrialsFile file = TrialsFile.ofCommand("s1", TrainerSpec.command(List.of("sh", "train.sh", "{lr}")), "file:///d/", objective, one);
    TrialsFile back = TrialsFile.fromJson(file.toJson());
    assertEquals(file, back);
    assertEquals(Map.of("lr", 0.1, "name", "a", "on", true), back.trial(0).hyperparameters());
    TrialsFile builtin = new TrialsFile("s1", "calcloud-memory-bin", "file:///d/", objective, one);
    assertFalse(new String(builtin.toJson()).contains("trainer"));
    assertNull(TrialsFile.fromJson(builtin.toJson()).trainer());
    assertFalse(TrialsFile.fromJson(builtin.toJson()).trainerOrBuiltin().isCommand());
    assertEquals("objective", assertThrows(InvalidValueException.class, () -> TrialsFile.ofCommand("s1",
        TrainerSpec.command(List.of("x")), "file:///d/", null, one)).field());
    assertEquals("preset / model", assertThrows(InvalidValueException.class, () -> new TrialsFile("s1", "calcloud-memory-bin", null,
        "file:///d/", objective, one, TrainerSpec.command(List.of("x")))).field());
  }

  @Test
  void aJavaTrainerIsNamedAndMayBringItsClassPath() {
    TrainerSpec java = TrainerSpec.java("my-cnn", List.of("lib/my-cnn.jar"));
    assertTrue(java.isJava() && !java.isBuiltin() && !java.isCommand());
    assertEquals(java, TrialsFile.fromJson(TrialsFile.ofCommand("s1", java, "file:///d/", new Objective("val_loss",
        Objective.Goal.MINIMIZE), List.of(new TrialsFile.Trial("t0000", Map.of()))).toJson()).trainer());
    assertEquals("trainer.java", assertThrows(InvalidValueException.class, () -> TrainerSpec.java("My_CNN", null)).field());
    assertEquals("trainer.classpath", assertThrows(InvalidValueException.class,
        () -> new TrainerSpec("mlp", null, null, null, List.of("x.jar"))).field());
    assertEquals("trainer.classpath[1]", assertThrows(InvalidValueException.class,
        () -> TrainerSpec.java("my-cnn", List.of("a.jar", "b.jar:c.jar"))).field());
    assertEquals("trainer", assertThrows(InvalidValueException.class,
        () -> new TrainerSpec(null, List.of("x"), null, "my-cnn", null)).field());
  }

  @Test
  void stdoutMetricsTurnMatchingOutputLinesIntoMetricsLines() {
    StdoutMetrics keras = new StdoutMetrics("Epoch (\\d+)/\\d+ .*val_loss: (\\S+)", List.of("epoch", "val_loss"));
    assertEquals("{\"epoch\": 3, \"val_loss\": 0.4123}", keras.metricsLine("Epoch 3/10 - 2s - loss: 0.5 - val_loss: 0.4123").orElseThrow());
    assertTrue(keras.metricsLine("Epoch 3/10 starting").isEmpty());
    assertEquals("{\"epoch\": 2}", keras.metricsLine("Epoch 2/10 x val_loss: nan").orElseThrow(), "a non-finite value is left out");
    assertEquals("trainer.stdout_metrics.groups", assertThrows(InvalidValueException.class,
        () -> new StdoutMetrics("loss (\\S+)", List.of("loss"))).field(), "no epoch group");
    assertEquals("trainer.stdout_metrics.groups", assertThrows(InvalidValueException.class,
        () -> new StdoutMetrics("(\\d+) (\\S+)", List.of("epoch"))).field(), "one name per group");
    assertEquals("trainer.stdout_metrics.pattern", assertThrows(InvalidValueException.class,
        () -> new StdoutMetrics("(unclosed", List.of("epoch"))).field());
    assertEquals("trainer.stdout_metrics.groups[1]", assertThrows(InvalidValueException.class,
        () -> new StdoutMetrics("(\\d+) (\\S+)", List.of("epoch", "Val-Loss"))).field());
    assertEquals("trainer.stdout_metrics", assertThrows(InvalidValueException.class,
        () -> new TrainerSpec(null, null, null, "my-cnn", null, keras)).field());
  }

  @Test
  void hyperparameterVariablesAndTheGracePeriod() {
    assertEquals("BT_HP_LEARNING_RATE", CommandContract.hyperparameterVariable("learning_rate"));
    assertEquals(CommandContract.STOP_GRACE_SECONDS, CommandContract.stopGraceSeconds(Map.of()));
    assertEquals(3, CommandContract.stopGraceSeconds(Map.of(CommandContract.STOP_GRACE, "3")));
    assertEquals(CommandContract.STOP_GRACE, assertThrows(InvalidValueException.class,
        () -> CommandContract.stopGraceSeconds(Map.of(CommandContract.STOP_GRACE, "30"))).field());
  }
}
