package com.batchtrain.invoke.sweep;

import com.batchtrain.contract.StorageUri;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Many small objects read a few at a time, in order: polite to S3, and not minutes for a sweep of a
 * thousand trials. A read's own failure (store unavailable, access denied) is rethrown as it was, so
 * the CLI maps it as usual.
 */
public final class ParallelReads {
  private ParallelReads() {}

  /** {@code reader} applied to each of {@code uris}, at most {@code parallel} at once; {@code what} names them in messages. */
  public static <T> List<T> readAll(List<StorageUri> uris, int parallel, String what, Function<StorageUri, T> reader) {
    if (uris.size() <= 1) {
      return new ArrayList<>(uris.stream().map(reader).toList());
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallel, uris.size()), r -> {
      Thread t = new Thread(r, what.replace(' ', '-') + "-reader");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<T>> reads = new ArrayList<>();
      uris.forEach(u -> reads.add(pool.submit(() -> reader.apply(u))));
      List<T> out = new ArrayList<>();
      for (Future<T> f : reads) {
        out.add(f.get());
      }
      return out;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading " + what, e);
    } finally {
      pool.shutdownNow();
    }
  }
}
