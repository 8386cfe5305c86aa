package io.lightningasr.asr.http;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.lightningasr.asr.scheduling.InferenceScheduler;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /health} (liveness) and {@code GET /health/ready} (readiness). Readiness is 200 only while the
 * scheduler admits requests: after the model is loaded and warmed up and before SIGTERM. With
 * {@code ?detailed=true} both add the model, the slots and the queue state.
 */
public final class HealthService implements HttpService {

    private final InferenceScheduler scheduler;
    private final ModelDescription model;

    public HealthService(InferenceScheduler scheduler, ModelDescription model) {
        this.scheduler = scheduler;
        this.model = model;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::health)
                .get("/ready", this::ready);
    }

    private void health(ServerRequest req, ServerResponse res) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "healthy");
        addDetails(req, body);
        JsonResponses.send(res, 200, body);
    }

    private void ready(ServerRequest req, ServerResponse res) {
        InferenceScheduler.State state = scheduler.state();
        Map<String, Object> body = new LinkedHashMap<>();
        int status;
        if (state == InferenceScheduler.State.READY) {
            status = 200;
            body.put("status", "healthy");
        } else {
            status = 503;
            body.put("status", "unhealthy");
            body.put("reason", state == InferenceScheduler.State.DRAINING ? "draining" : "starting");
        }
        addDetails(req, body);
        JsonResponses.send(res, status, body);
    }

    private void addDetails(ServerRequest req, Map<String, Object> body) {
        if (!req.query().first("detailed").asOptional().map(Boolean::parseBoolean).orElse(false)) {
            return;
        }
        body.put("model", model.name());
        body.put("language", model.language());
        body.put("device", model.device());
        body.put("execution_provider", model.executionProvider());
        body.put("model_load_seconds", model.loadSeconds());
        body.put("slots", scheduler.slots());
        body.put("queue_size", scheduler.queueSize());
        body.put("active", scheduler.activeRequests());
        body.put("queued", scheduler.queuedRequests());
        body.put("draining", scheduler.state() == InferenceScheduler.State.DRAINING);
    }
}
