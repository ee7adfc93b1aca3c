package com.batchtrain.runtime.model;

import com.batchtrain.contract.JobEnv;
import com.batchtrain.contract.Vcpus;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.proto.ConfigProto;

/**
 * The sizes of TensorFlow's intra-op and inter-op thread pools, from the trial's vCPU reservation
 * ({@code BT_VCPUS}) or, when that is not known, from the processors this JVM sees.
 *
 * <p>Why: TF sizes both pools to the host's cores by default. On Batch several trials share one
 * instance and ECS gives containers CPU shares, not a CPU limit, so every trial would see (and
 * start threads for) all of the host's cores. {@link Runtime#availableProcessors()} honours
 * {@code -XX:ActiveProcessorCount} and cgroup CPU limits, which TF's default does not.
 *
 * <p>TF creates both pools once per process, sized by the options of the <em>first</em> session
 * (later sessions' sizes are ignored), so every session the runtime opens takes its options from
 * {@link #process()}: {@link ComputeDevice}'s probe (the first session of a trial), {@link
 * MlpModel} (training, evaluation, export), {@code predict} and {@code bench}.
 *
 * @param intraOp threads that split one kernel (a matmul) among themselves: the vCPUs
 * @param interOp threads that run independent ops at once
 * @param source where the sizes came from, for the log
 */
public record ThreadPools(int intraOp, int interOp, String source) {
  private static final Logger LOG = LoggerFactory.getLogger(ThreadPools.class);
  /**
   * The inter-op pool's cap. The MLP's step is nearly a chain of ops (each matmul waits for the
   * previous layer); what can run side by side are small ones (a layer's kernel and bias gradients,
   * the per-variable optimizer updates), and the heavy kernels already use every vCPU through the
   * intra-op pool. Two lets such small ops overlap; more would only add runnable threads contending
   * for the same reserved vCPUs. One vCPU gets one: nothing to overlap with.
   */
  static final int MAX_INTER_OP = 2;

  private static ThreadPools process;

  public ThreadPools {
    if (intraOp < 1 || interOp < 1) {
      throw new IllegalArgumentException("thread pool sizes must be positive: intra-op " + intraOp + ", inter-op " + interOp);
    }
  }

  /** Sizes for {@code vcpus}: intra-op = vCPUs, inter-op = min(vCPUs, {@value #MAX_INTER_OP}). */
  public static ThreadPools forVcpus(int vcpus, String source) {
    return new ThreadPools(vcpus, Math.min(vcpus, MAX_INTER_OP), source);
  }

  /** {@code BT_VCPUS} of {@code env} if set (a bad value throws, naming it), else {@code availableProcessors}. */
  public static ThreadPools fromEnvironment(Map<String, String> env, int availableProcessors) {
    Optional<Vcpus> vcpus = Vcpus.fromEnvironment(env);
    return vcpus.map(v -> forVcpus(v.count(), JobEnv.VCPUS + "=" + v))
        .orElseGet(() -> forVcpus(Math.max(1, availableProcessors),
            JobEnv.VCPUS + " unset: the " + availableProcessors + " processor(s) this JVM sees"));
  }

  /**
   * This process's sizes, resolved from its environment on first use and logged once. Call it early
   * ({@code train} does, before reading data) so a bad {@code BT_VCPUS} fails before any work.
   */
  public static synchronized ThreadPools process() {
    if (process == null) {
      process = fromEnvironment(System.getenv(), Runtime.getRuntime().availableProcessors());
      LOG.info("TensorFlow thread pools: intra-op {}, inter-op {} ({})", process.intraOp, process.interOp, process.source);
    }
    return process;
  }

  /** Session options with these pool sizes; callers add their own settings before {@code build()}. */
  public ConfigProto.Builder config() {
    return ConfigProto.newBuilder().setIntraOpParallelismThreads(intraOp).setInterOpParallelismThreads(interOp);
  }

  public ConfigProto configProto() {
    return config().build();
  }
}
