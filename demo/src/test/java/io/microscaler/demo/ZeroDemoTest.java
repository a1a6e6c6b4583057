package io.microscaler.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.microscaler.config.ConfigLoader;
import io.microscaler.config.MicroscalerConfig;
import io.microscaler.config.ServiceConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ZeroDemoTest {

    @Test
    void itsOwnConfigurationIsAWorkerThatScalesToZeroOnItsQueue() throws Exception {
        MicroscalerConfig config = ConfigLoader.load(Demo.demoConfigFile(ZeroDemo.CONFIG), Map.of());

        ZeroDemo.check(config);
        ServiceConfig worker = config.services().values().iterator().next();
        assertThat(worker.initialTasks()).isZero();
        assertThat(LocalWorld.workers(config)).containsExactly(worker.id());
        // a burst wants more than one task and no more than the worker's maximum, so each activation is a scale-out
        var demand = worker.policy().demand().orElseThrow();
        double tasks = Math.ceil(ZeroDemo.BURST / (demand.throughputPerTask() * demand.drainTime().toSeconds()));
        assertThat(tasks).isBetween(2.0, (double) worker.policy().maxTasks());
    }

    @Test
    void aConfigurationWhoseServiceCannotScaleToZeroIsRefusedNamingWhy() throws Exception {
        MicroscalerConfig spike = ConfigLoader.load(Demo.demoConfigFile(Demo.DEMO_CONFIG), Map.of());

        assertThatThrownBy(() -> ZeroDemo.check(spike)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("minTasks: 0 and demand: queue-depth")
                .hasMessageContaining("'iiif' has minTasks 2 and demand none");
        assertThat(LocalWorld.workers(spike)).isEmpty();
    }
}
