package dev.morello.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The soak's heap figures, read from what JDK 25's jcmd and jstat print (copied from real runs). */
class JvmProbeTest {
    @Test
    void theHistogramsTotalLessTheCollectorsFillersIsTheLiveHeap() {
        String histogram = """
                12345:
                 num     #instances         #bytes  class name (module)
                -------------------------------------------------------
                   1:          1310        1617224  [Ljdk.internal.vm.FillerElement; (java.base@25.0.3)
                   2:         15401         758272  [B (java.base@25.0.3)
                   3:             7            112  jdk.internal.vm.FillerObject (java.base@25.0.3)
                   4:          3302         425688  java.lang.Class (java.base@25.0.3)
                Total         20020        2801296
                """;
        assertEquals(2801296L - 1617224 - 112, JvmProbe.histogramLiveBytes(histogram));
    }

    @Test
    void aHistogramWithoutItsTotalGivesNothing() {
        assertNull(JvmProbe.histogramLiveBytes("12345:\nUnable to open socket file: target process not responding\n"));
    }

    @Test
    void jstatsUsedColumnsAreAddedUpByNameForParallelGc() throws IOException {
        String parallel = """
                    S0C         S1C         S0U         S1U          EC           EU           OC           OU          MC         MU       CCSC      CCSU     YGC     YGCT     FGC    FGCT     CGC    CGCT       GCT  \s
                     2560.0      2560.0         0.0         0.0      16384.0          0.0      44032.0       3409.7     9472.0     9268.4    1216.0    1126.1      1     0.095     1     0.011     -         -     0.106
                """;
        assertEquals(3410, JvmProbe.jstatUsedKiB(parallel));
    }

    @Test
    void jstatsUsedColumnsAreAddedUpByNameForG1() throws IOException {
        String g1 = """
                    S0C         S1C         S0U         S1U          EC           EU           OC           OU          MC         MU       CCSC      CCSU     YGC     YGCT     FGC    FGCT     CGC    CGCT       GCT  \s
                        0.0         0.0         0.0      1024.0       4096.0       2048.0      10240.0       2926.8     9472.0     9273.3    1216.0    1126.1      1     0.006     1     0.016     0     0.000     0.021
                """;
        assertEquals(1024 + 2048 + 2927, JvmProbe.jstatUsedKiB(g1));
    }
}
