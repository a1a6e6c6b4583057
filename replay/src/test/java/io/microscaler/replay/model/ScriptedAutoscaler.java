package io.microscaler.replay.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** An autoscaler that asks for counts at given seconds and records what the simulation told it. */
final class ScriptedAutoscaler implements Autoscaler {

    private final TreeMap<Long, Integer> script = new TreeMap<>();
    final List<SecondSample> seconds = new ArrayList<>();
    final List<double[]> requests = new ArrayList<>(); // {at, latencyMs, dropped ? 1 : 0}
    final List<TaskCounts> counts = new ArrayList<>();

    /** @param script second → desired count from that second on */
    ScriptedAutoscaler(Map<Long, Integer> script) {
        this.script.putAll(script);
    }

    static ScriptedAutoscaler holding() {
        return new ScriptedAutoscaler(Map.of());
    }

    @Override
    public String name() {
        return "scripted";
    }

    @Override
    public int desired(long second, TaskCounts c) {
        counts.add(c);
        Map.Entry<Long, Integer> e = script.floorEntry(second);
        return e == null ? c.desired() : e.getValue();
    }

    @Override
    public void onRequest(double atSeconds, double latencyMs, double serviceMs, boolean dropped) {
        requests.add(new double[] {atSeconds, latencyMs, dropped ? 1 : 0});
    }

    @Override
    public void onSecond(SecondSample sample) {
        seconds.add(sample);
    }
}
