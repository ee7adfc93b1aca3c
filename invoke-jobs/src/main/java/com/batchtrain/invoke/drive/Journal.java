package com.batchtrain.invoke.drive;

import com.batchtrain.contract.ResultsLayout;
import com.batchtrain.contract.StorageUri;
import com.batchtrain.contract.SweepId;
import com.batchtrain.storage.ObjectStore;
import com.batchtrain.storage.StoredObject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A driven sweep's append-only journal in the results store: {@code sweeps/<sweep>/journal/<seq>.json},
 * one {@link JournalEntry} per step. Appending creates entry {@code last+1} only if it is absent
 * ({@link ObjectStore#createIfAbsent}), so of two drivers (or a driver and {@code cancel}) that read the
 * same journal only one can write the next step; the other learns it with {@link JournalConflictException}
 * and reads again. The journal is the driver's only state: a driver killed at any point is started
 * again from it.
 */
public final class Journal {
  private static final Pattern ENTRY = Pattern.compile("(\\d{8,})\\.json");
  /** Entries read in flight at once when a driver starts: polite to S3, seconds for a long sweep. */
  private static final int PARALLEL_READS = 8;

  private final ObjectStore store;
  private final ResultsLayout layout;
  private final SweepId sweep;
  private final String driver;
  private final Clock clock;
  private final List<JournalEntry> entries = new ArrayList<>();

  private Journal(ObjectStore store, ResultsLayout layout, SweepId sweep, String driver, Clock clock) {
    this.store = store;
    this.layout = layout;
    this.sweep = sweep;
    this.driver = driver;
    this.clock = clock;
  }

  /** The sweep's journal as it is now (empty for a sweep no driver has touched): one listing, then every entry. */
  public static Journal read(ObjectStore store, ResultsLayout layout, SweepId sweep, String driver, Clock clock) {
    Journal j = new Journal(store, layout, sweep, driver, clock);
    j.readListed();
    return j;
  }

  /**
   * Reads the entries written since the last read (by another process); returns them. Entries have
   * no gaps, so this asks for the next one until there is none: one request when nothing is new,
   * however long the journal.
   */
  public List<JournalEntry> refresh() {
    List<JournalEntry> read = new ArrayList<>();
    while (true) {
      StorageUri next = layout.journalEntry(sweep, lastSeq() + 1);
      java.util.Optional<byte[]> bytes = store.readIfExists(next);
      if (bytes.isEmpty()) {
        return read;
      }
      JournalEntry e = JournalEntry.fromJson(bytes.get(), next.toString());
      if (e.seq() != lastSeq() + 1) {
        throw new IllegalStateException("journal entry " + next + " says it is step " + e.seq());
      }
      entries.add(e);
      read.add(e);
    }
  }

  private void readListed() {
    long known = lastSeq();
    List<StorageUri> newer = new ArrayList<>();
    for (StoredObject o : store.list(layout.journal(sweep))) {
      String name = o.uri().key().substring(o.uri().key().lastIndexOf('/') + 1);
      Matcher m = ENTRY.matcher(name);
      if (m.matches() && Long.parseLong(m.group(1)) > known) {
        newer.add(o.uri());
      }
    }
    List<JournalEntry> read = readAll(newer);
    read.sort(java.util.Comparator.comparingLong(JournalEntry::seq));
    for (JournalEntry e : read) {
      if (e.seq() != lastSeq() + 1) {
        throw new IllegalStateException("the journal of sweep " + sweep + " has a gap: entry " + e.seq() + " follows "
            + lastSeq() + " (" + layout.journal(sweep) + ")");
      }
      entries.add(e);
    }
  }

  /**
   * Appends one step. Throws {@link JournalConflictException} when another writer created the next
   * entry first: nothing of this step was written, and {@link #refresh} reads what the other wrote.
   */
  public JournalEntry append(List<JournalEvent> events) {
    JournalEntry entry = new JournalEntry(lastSeq() + 1, clock.instant().toString(), driver, events);
    if (!store.createIfAbsent(layout.journalEntry(sweep, entry.seq()), entry.toJson())) {
      throw new JournalConflictException(sweep, entry.seq());
    }
    entries.add(entry);
    return entry;
  }

  public List<JournalEntry> entries() {
    return List.copyOf(entries);
  }

  public DriveState state() {
    return DriveState.replay(entries);
  }

  public long lastSeq() {
    return entries.isEmpty() ? 0 : entries.get(entries.size() - 1).seq();
  }

  private List<JournalEntry> readAll(List<StorageUri> uris) {
    return com.batchtrain.invoke.sweep.ParallelReads.readAll(uris, PARALLEL_READS, "journal entries", this::readEntry);
  }

  private JournalEntry readEntry(StorageUri uri) {
    return JournalEntry.fromJson(store.read(uri), uri.toString());
  }
}
