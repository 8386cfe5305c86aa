package io.lightningasr.gateway;

import io.helidon.webserver.WebServer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A gateway started in the test JVM on 127.0.0.1 with the same routing as {@link Main}. */
final class TestGateway implements AutoCloseable {
    final GatewayContext context;
    final WebServer server;
    final URI uri;

    private TestGateway(GatewayContext context, WebServer server) {
        this.context = context;
        this.server = server;
        this.uri = URI.create("http://127.0.0.1:" + server.port());
    }

    /** Starts a gateway; {@code env} overrides the test defaults (loopback, free port). */
    static TestGateway start(Map<String, String> env) {
        Map<String, String> all = new HashMap<>();
        all.put("API_HOST", "127.0.0.1");
        all.put("API_PORT", "0");
        all.putAll(env);
        GatewayConfig config = GatewayConfig.fromEnv(all);
        GatewayContext context = GatewayContext.start(config);
        WebServer server = WebServer.builder()
                .host(config.host())
                .port(config.port())
                .routing(routing -> Main.routing(routing, context))
                .build()
                .start();
        return new TestGateway(context, server);
    }

    URI listen(String query) {
        return uri.resolve("/v1/listen" + (query.isEmpty() ? "" : "?" + query));
    }

    /** Sum of a metric's samples whose label set contains {@code labelFilter}, e.g. {@code outcome="ok"}. */
    double metric(HttpClient client, String name, String labelFilter) throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri.resolve("/metrics"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        return sumMetric(response.body(), name, labelFilter);
    }

    static double sumMetric(String exposition, String name, String labelFilter) {
        double sum = 0;
        Pattern line = Pattern.compile("^" + Pattern.quote(name) + "(\\{[^}]*})? ([0-9.eE+-]+)$", Pattern.MULTILINE);
        Matcher m = line.matcher(exposition);
        while (m.find()) {
            String labels = m.group(1) == null ? "" : m.group(1);
            if (labels.contains(labelFilter)) {
                sum += Double.parseDouble(m.group(2));
            }
        }
        return sum;
    }

    @Override
    public void close() {
        server.stop();
        context.close();
    }
}
