package com.batchtrain.runtime.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.batchtrain.contract.ExitCode;
import com.batchtrain.contract.InvalidValueException;
import com.batchtrain.runtime.FailureExitCodes;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.ConfigProto;

/** The sizing rule and its session options; TensorFlowThreadsTest observes the threads themselves. */
class ThreadPoolsTest {
  @Test
  void intraOpIsTheVcpusAndInterOpAtMostTwo() {
    assertEquals(new ThreadPools(1, 1, "s"), ThreadPools.forVcpus(1, "s"));
    assertEquals(new ThreadPools(2, 2, "s"), ThreadPools.forVcpus(2, "s"));
    assertEquals(new ThreadPools(8, 2, "s"), ThreadPools.forVcpus(8, "s"));
  }

  @Test
  void btVcpusWinsOverTheProcessorsTheJvmSees() {
    ThreadPools p = ThreadPools.fromEnvironment(Map.of("BT_VCPUS", "8"), 32);
    assertEquals(8, p.intraOp());
    assertEquals(2, p.interOp());
    assertEquals("BT_VCPUS=8", p.source());
    ThreadPools unset = ThreadPools.fromEnvironment(Map.of(), 3);
    assertEquals(new ThreadPools(3, 2, "BT_VCPUS unset: the 3 processor(s) this JVM sees"), unset);
  }

  @Test
  void aBadValueIsBadInputNamingTheVariable() {
    for (String bad : new String[] {"0", "-1", "x", "1.5"}) {
      InvalidValueException e = assertThrows(InvalidValueException.class, () -> ThreadPools.fromEnvironment(Map.of("BT_VCPUS", bad), 4));
      assertEquals("BT_VCPUS", e.field());
      assertEquals(ExitCode.BAD_INPUT, FailureExitCodes.of(e));
    }
  }

  @Test
  void theSessionOptionsCarryBothSizesAndLetCallersAddTheirOwn() {
    ConfigProto c = ThreadPools.forVcpus(6, "s").config().setAllowSoftPlacement(false).build();
    assertEquals(6, c.getIntraOpParallelismThreads());
    assertEquals(2, c.getInterOpParallelismThreads());
    assertFalse(c.getAllowSoftPlacement());
    assertEquals(c.getIntraOpParallelismThreads(), ThreadPools.forVcpus(6, "s").configProto().getIntraOpParallelismThreads());
  }
}
