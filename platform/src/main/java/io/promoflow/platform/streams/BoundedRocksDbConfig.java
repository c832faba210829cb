package io.promoflow.platform.streams;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds the off-heap memory of every RocksDB store in the JVM ({@code rocksdb.config.setter} in
 * promoflow-platform.yml; GitHub issue 15, docs/performance.md "Memory"). Kafka Streams' default
 * gives each RocksDB instance, i.e. each store of each task, its own 50 MiB block cache and up to 3
 * memtables of 16 MiB; a service has several stores over 3 partitions, and the local stack runs six
 * services in one JVM: ~50 instances whose memory no heap limit bounds. Here every instance of the
 * JVM shares one LRU block cache of {@link #TOTAL_BYTES}, and their memtables are counted against
 * it ({@link WriteBufferManager}), with index and filter blocks in the cache too, following Kafka
 * Streams' "bounded memory" example (docs "Memory management", RocksDB).
 *
 * <p>Only memory changes: what is written, when it is flushed to the changelog, and exactly-once
 * stay as they are; a smaller cache means more reads from disk (page cache) for a store larger than
 * it, which the local stack's stores (one value per application) are not.
 */
public final class BoundedRocksDbConfig implements RocksDBConfigSetter {

  /** Block cache and memtables of all stores in the JVM together, bytes. */
  static final long TOTAL_BYTES = 64L * 1024 * 1024;

  /** The part of {@link #TOTAL_BYTES} memtables may take, bytes. */
  static final long MEMTABLE_BYTES = 16L * 1024 * 1024;

  /** One memtable, bytes: stores see a few records per second; the default is 16 MiB. */
  static final long MEMTABLE_SIZE = 2L * 1024 * 1024;

  /**
   * The cache and write buffer manager shared by every store of the JVM, made on first use: Streams
   * loads this class (validating its configuration) before RocksDB's native library is loaded, and
   * a {@code LRUCache} made then fails with {@code UnsatisfiedLinkError}. Never closed: they live
   * as long as the JVM.
   */
  private static final class Shared {
    static {
      RocksDB.loadLibrary();
    }

    static final Cache CACHE = new LRUCache(TOTAL_BYTES, -1, false, 0.1);
    static final WriteBufferManager WRITE_BUFFERS = new WriteBufferManager(MEMTABLE_BYTES, CACHE);
  }

  @Override
  public void setConfig(String storeName, Options options, Map<String, Object> configs) {
    // the table config Streams made (not a new one, which would lose its other defaults)
    BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
    table.setBlockCache(Shared.CACHE);
    table.setCacheIndexAndFilterBlocks(true);
    table.setCacheIndexAndFilterBlocksWithHighPriority(true);
    table.setPinTopLevelIndexAndFilter(true);
    options.setWriteBufferManager(Shared.WRITE_BUFFERS);
    options.setWriteBufferSize(MEMTABLE_SIZE);
    options.setMaxWriteBufferNumber(2);
    options.setTableFormatConfig(table);
  }

  @Override
  public void close(String storeName, Options options) {
    // the cache and the write buffer manager are shared by every store: not closed with one
  }
}
