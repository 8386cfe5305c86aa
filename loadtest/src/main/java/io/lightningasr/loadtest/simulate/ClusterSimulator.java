package io.lightningasr.loadtest.simulate;

import io.lightningasr.loadtest.profile.LoadProfile;
import io.lightningasr.loadtest.series.SeriesPoint;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * A one-second-step model of a Lightning ASR deployment under an HPA.
 *
 * <p>Load model, per second: a ready pod serves {@code slots} requests at once, each holding a slot for
 * {@code latency}, so its throughput capacity is {@code slots / latency} requests per second.
 * <ul>
 *   <li>Concurrency load ({@code N} clients, closed loop): all {@code N} requests are active; those beyond
 *       {@code slots × readyPods} are queued.
 *   <li>Rate load ({@code λ} requests per second, open loop): arrivals join a backlog; the ready pods serve up to
 *       their capacity; by Little's law {@code served × latency} requests are running (at most all slots), and the
 *       rest of the backlog is queued. The queue has no bound (the real pods reject with 503 beyond
 *       {@code ASR_QUEUE_SIZE}).
 * </ul>
 * Every ready pod reports the same share of the active requests (running plus queued) as
 * {@code asr_active_requests}, as the gateway's least-loaded routing keeps them level.
 *
 * <p>Pods: a new pod counts toward the replicas at once but serves and reports metrics only after
 * {@code podStartup}. The controller treats it as an unready pod: ignored in the average, and counted as 0 on a
 * scale-up (see {@link HorizontalPodAutoscaler}). A scale-down removes starting pods first, newest first, as the
 * ReplicaSet controller prefers unready pods for deletion. The HPA syncs at seconds 0, sync, 2 × sync, … and
 * reads the state of that second; its change applies from that second on.
 */
public final class ClusterSimulator {

    private final SimulationConfig config;

    /** Creates a simulator for one configuration. */
    public ClusterSimulator(SimulationConfig config) {
        this.config = config;
    }

    /** Runs the simulation over the profile's duration. */
    public SimulationResult run() {
        HorizontalPodAutoscaler hpa = new HorizontalPodAutoscaler(config.hpa());
        LoadProfile profile = config.profile();
        double latencySeconds = config.latency().toNanos() / 1e9;
        long startupSeconds = (long) Math.ceil(config.podStartup().toNanos() / 1e9);
        int readyPods = config.initialReplicas();
        Deque<Long> startingPods = new ArrayDeque<>();
        double backlog = 0;
        List<SeriesPoint> points = new ArrayList<>();
        List<SimulationResult.ScaleChange> changes = new ArrayList<>();

        for (int second = 0; second < profile.durationSeconds(); second++) {
            while (!startingPods.isEmpty() && startingPods.peekFirst() <= second) {
                startingPods.pollFirst();
                readyPods++;
            }
            int slots = readyPods * config.slotsPerPod();
            double offered = profile.valueAt(second);
            double running;
            double queued;
            double served;
            if (profile.kind() == LoadProfile.Kind.CONCURRENCY) {
                running = Math.min(offered, slots);
                queued = offered - running;
                served = running / latencySeconds;
            } else {
                double available = backlog + offered;
                served = Math.min(available, slots / latencySeconds);
                backlog = available - served;
                running = Math.min(slots, served * latencySeconds);
                queued = backlog;
            }
            double active = running + queued;
            double perPod = active / readyPods;
            int replicas = readyPods + startingPods.size();

            if (second % config.syncPeriodSeconds() == 0) {
                PodMetrics metrics = new PodMetrics(Math.round(active * 1000), readyPods, startingPods.size(), 0);
                HorizontalPodAutoscaler.Decision decision = hpa.reconcile(second, replicas, metrics);
                if (decision.replicas() != replicas) {
                    changes.add(new SimulationResult.ScaleChange(second, replicas, decision.replicas(), perPod,
                            decision.metricProposal(), decision.reason()));
                }
                for (int added = replicas; added < decision.replicas(); added++) {
                    startingPods.addLast(second + startupSeconds);
                }
                for (int removed = decision.replicas(); removed < replicas; removed++) {
                    if (!startingPods.isEmpty()) {
                        startingPods.pollLast();
                    } else {
                        readyPods--;
                    }
                }
                replicas = decision.replicas();
                while (!startingPods.isEmpty() && startingPods.peekFirst() <= second) {
                    startingPods.pollFirst();
                    readyPods++;
                }
            }
            points.add(new SeriesPoint(second, offered, Math.round(served), served, active,
                    null, null, null, null, null, 0, Map.of("average", perPod),
                    replicas, readyPods, queued));
        }
        return new SimulationResult(config, points, changes);
    }
}
