package com.batchtrain.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An exclusive lock on one lock file, across processes (an fcntl lock through
 * {@link FileChannel#lock()}, which NFSv4 and so EFS honour) and across threads of this JVM (file
 * locks are per process: a second {@code lock()} from the same JVM would throw, not wait). The OS
 * drops the file lock when the holding process dies, so a crashed stager never blocks others.
 */
final class StagingLock implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StagingLock.class);
  private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

  private final ReentrantLock threadLock;
  private final FileChannel channel;
  private final FileLock fileLock;

  private StagingLock(ReentrantLock threadLock, FileChannel channel, FileLock fileLock) {
    this.threadLock = threadLock;
    this.channel = channel;
    this.fileLock = fileLock;
  }

  /** Blocks until this thread holds the lock on {@code lockFile}, creating the file if needed. */
  static StagingLock acquire(Path lockFile) throws IOException {
    Path key = lockFile.toAbsolutePath().normalize();
    ReentrantLock threadLock = IN_PROCESS.computeIfAbsent(key, k -> new ReentrantLock());
    threadLock.lock();
    FileChannel channel = null;
    try {
      channel = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock fileLock = channel.tryLock();
      if (fileLock == null) {
        LOG.info("waiting for another process to finish with {}", key);
        fileLock = channel.lock();
      }
      return new StagingLock(threadLock, channel, fileLock);
    } catch (IOException | RuntimeException e) {
      if (channel != null) {
        channel.close();
      }
      threadLock.unlock();
      throw e;
    }
  }

  @Override
  public void close() throws IOException {
    try {
      fileLock.release();
      channel.close();
    } finally {
      threadLock.unlock();
    }
  }
}
