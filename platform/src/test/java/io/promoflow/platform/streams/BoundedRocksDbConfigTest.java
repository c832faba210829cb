package io.promoflow.platform.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Options;

class BoundedRocksDbConfigTest {

  @Test
  void theClassLoadsBeforeRocksDbsNativeLibraryDoes() throws ClassNotFoundException {
    // Streams instantiates the setter while validating its configuration, before any store opens
    Class<?> setter =
        Class.forName(
            BoundedRocksDbConfig.class.getName(),
            true,
            BoundedRocksDbConfig.class.getClassLoader());
    assertThat(setter).isEqualTo(BoundedRocksDbConfig.class);
    assertThat(new BoundedRocksDbConfig()).isNotNull();
  }

  @Test
  void everyStoreGetsSmallMemtablesAndTheSharedCacheKeepsItsIndexBlocks() {
    try (Options options = new Options()) {
      options.setTableFormatConfig(new BlockBasedTableConfig());
      new BoundedRocksDbConfig().setConfig("store", options, Map.of());
      assertThat(options.writeBufferSize()).isEqualTo(BoundedRocksDbConfig.MEMTABLE_SIZE);
      assertThat(options.maxWriteBufferNumber()).isEqualTo(2);
      BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
      assertThat(table.cacheIndexAndFilterBlocks()).isTrue();
      assertThat(table.pinTopLevelIndexAndFilter()).isTrue();
    }
  }

  @Test
  void theMemtablesFitInsideTheSharedBudget() {
    assertThat(BoundedRocksDbConfig.MEMTABLE_BYTES).isLessThan(BoundedRocksDbConfig.TOTAL_BYTES);
    assertThat(BoundedRocksDbConfig.MEMTABLE_SIZE * 2)
        .isLessThanOrEqualTo(BoundedRocksDbConfig.MEMTABLE_BYTES);
  }
}
