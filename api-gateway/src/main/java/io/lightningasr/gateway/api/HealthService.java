package io.lightningasr.gateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.lightningasr.gateway.http.BufferBudget;
import io.lightningasr.gateway.routing.Endpoint;
import io.lightningasr.gateway.routing.EndpointPool;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code GET /health}, {@code /healthz} and {@code /health/ready}: the gateway is healthy and ready whenever it
 * serves HTTP, whatever the number of pods, because requests wait in its queue until a pod is available.
 * {@code ?detailed=true} lists the pods and their state.
 */
public final class HealthService implements HttpService {
    private final EndpointPool pool;
    private final BufferBudget budget;
    private final ObjectMapper json;

    public HealthService(EndpointPool pool, BufferBudget budget, ObjectMapper json) {
        this.pool = pool;
        this.budget = budget;
        this.json = json;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/health", this::health)
                .get("/healthz", this::health)
                .get("/health/ready", this::health);
    }

    private void health(ServerRequest request, ServerResponse response) throws JsonProcessingException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "healthy");
        if ("true".equalsIgnoreCase(request.query().first("detailed").orElse("false"))) {
            long now = System.nanoTime();
            List<Map<String, Object>> endpoints = new ArrayList<>();
            for (Endpoint endpoint : pool.endpoints()) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("url", endpoint.baseUri().toString());
                entry.put("state", endpoint.state(now).name().toLowerCase(Locale.ROOT));
                entry.put("in_flight", endpoint.inFlight());
                endpoints.add(entry);
            }
            body.put("endpoints", endpoints);
            body.put("queued_requests", pool.queued());
            body.put("buffered_bytes", budget.reservedBytes());
        }
        response.header("Content-Type", "application/json");
        response.send(json.writeValueAsBytes(body));
    }
}
