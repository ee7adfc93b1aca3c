package com.batchtrain.invoke.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.batchtrain.contract.InvalidValueException;
import com.batchtrain.invoke.spec.Resources;
import org.junit.jupiter.api.Test;

class NodeShareTest {
  private static final InstancePrice P3 = PriceTable.shipped().price("us-east-1", "p3.8xlarge");
  private static final InstancePrice C6I_LARGE = PriceTable.shipped().price("us-east-1", "c6i.large");
  private static final InstancePrice C6I_2XLARGE = PriceTable.shipped().price("us-east-1", "c6i.2xlarge");

  @Test
  void theDefaultGpuTrialPacksFourToAP38xlarge() {
    // infra's gpuTrial: 8 vCPU, 59392 MiB, 1 GPU. Shares: 8/32 = 0.25, 59392/249856 = 0.238, 1/4 = 0.25.
    NodeShare share = NodeShare.of(new Resources(8, 59_392, 1), P3);
    assertEquals(4, share.trialsPerNode());
    assertEquals(0.25, share.fraction(), 1e-12);
    assertEquals("gpus", share.binding());
    assertEquals("1/4 of a p3.8xlarge", share.render());
  }

  @Test
  void theScarcestResourceSetsTheShareRoundedToWholeTrialsPerNode() {
    // Two GPUs each: 4/2 = 2 per node.
    assertEquals(2, NodeShare.of(8, 59_392, 2, P3).trialsPerNode());
    // Memory-bound: 100 GiB each fits twice in 244 GiB although GPUs and vCPUs would allow 4.
    NodeShare memory = NodeShare.of(4, 102_400, 1, P3);
    assertEquals(2, memory.trialsPerNode());
    assertEquals("memory_mib", memory.binding());
    // A vCPU share of 10/32 = 0.31 leaves room for 3 trials, so each pays 1/3, not 0.31.
    NodeShare vcpus = NodeShare.of(10, 1_024, 0, P3);
    assertEquals(3, vcpus.trialsPerNode());
    assertEquals(1.0 / 3, vcpus.fraction(), 1e-12);
    assertEquals("vcpus", vcpus.binding());
    // CPU trials: the default 2 vCPU / 4 GiB fills a c6i.large, and a quarter of a c6i.2xlarge.
    assertEquals("a whole c6i.large", NodeShare.of(Resources.DEFAULT, C6I_LARGE).render());
    assertEquals(4, NodeShare.of(Resources.DEFAULT, C6I_2XLARGE).trialsPerNode());
  }

  @Test
  void aWholeNodeIsOneTrialWhateverItUses() {
    NodeShare whole = NodeShare.wholeNode(P3);
    assertEquals(1, whole.trialsPerNode());
    assertEquals(1.0, whole.fraction());
    assertEquals("a whole p3.8xlarge", whole.render());
  }

  @Test
  void aRequestThatDoesNotFitNamesTheResource() {
    assertEquals("resources.vcpus: expected at most 32 vCPUs, what one p3.8xlarge has, got 64",
        assertThrows(InvalidValueException.class, () -> NodeShare.of(64, 1_024, 1, P3)).getMessage());
    assertEquals("resources.memory_mib: expected at most 249856 MiB, what one p3.8xlarge has, got 262144",
        assertThrows(InvalidValueException.class, () -> NodeShare.of(8, 262_144, 1, P3)).getMessage());
    assertEquals("resources.gpus: expected at most 4 GPUs, what one p3.8xlarge has, got 8",
        assertThrows(InvalidValueException.class, () -> NodeShare.of(8, 1_024, 8, P3)).getMessage());
    assertEquals("resources.gpus: expected at most 0 GPUs, what one c6i.large has, got 1",
        assertThrows(InvalidValueException.class, () -> NodeShare.of(new Resources(2, 4_096, 1), C6I_LARGE))
            .getMessage());
  }
}
