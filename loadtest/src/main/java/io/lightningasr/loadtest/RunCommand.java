package io.lightningasr.loadtest;

import io.lightningasr.loadtest.http.Endpoint;
import io.lightningasr.loadtest.metrics.MetricsPoller;
import io.lightningasr.loadtest.profile.LoadProfile;
import io.lightningasr.loadtest.run.LoadRun;
import io.lightningasr.loadtest.run.RequestSource;
import io.lightningasr.loadtest.run.RunResult;
import io.lightningasr.loadtest.run.RunSettings;
import io.lightningasr.loadtest.series.Series;
import io.lightningasr.loadtest.series.SeriesFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/** {@code loadtest run}: sends load to a URL and reports latency, status codes and throughput. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Send load to a URL (such as http://host:7100/v1/listen or /health) and report latency "
                + "percentiles, status codes and throughput.",
            "The token comes from --token or the LICENSE_KEY environment variable and is sent as "
                + "'Authorization: Token <key>'."})
public final class RunCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "URL", description = "Target URL, http:// or https://.")
    String url;

    @Option(names = "-c", paramLabel = "N", defaultValue = "50",
            description = "Closed loop: clients with one request outstanding each, or the scenario peak (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "-q", paramLabel = "RATE",
            description = "Open loop: total requests per second (or the scenario peak); latency counts from the intended send time.")
    Double rate;

    @Option(names = "-z", paramLabel = "DURATION", description = "Send for this long, e.g. 20s or 5m.")
    Duration duration;

    @Option(names = "-n", paramLabel = "N", description = "Send this many requests at most (default 200 without -z).")
    Long requests;

    @Mixin
    ProfileOptions profileOptions;

    @Option(names = "--file", paramLabel = "FILE", description = "Audio file sent as the raw body; repeatable, sent round-robin.")
    List<Path> files = new ArrayList<>();

    @Option(names = "--dir", paramLabel = "DIR", description = "Send every audio file of this directory, round-robin.")
    Path directory;

    @Option(names = "--multipart", description = "Send audio files as multipart/form-data with the field 'audio'.")
    boolean multipart;

    @Option(names = "--audio-url", paramLabel = "URL", description = "Send {\"url\": URL} bodies instead of files; repeatable.")
    List<String> audioUrls = new ArrayList<>();

    @Option(names = "-m", paramLabel = "METHOD", description = "HTTP method without audio (default: GET, or POST with -d).")
    String method;

    @Option(names = "-d", paramLabel = "BODY", description = "Request body without audio.")
    String body;

    @Option(names = "-T", paramLabel = "TYPE", defaultValue = "application/json",
            description = "Content type of -d (default: ${DEFAULT-VALUE}).")
    String contentType;

    @Option(names = "-H", paramLabel = "'Name: value'", description = "Extra request header; repeatable.")
    List<String> headers = new ArrayList<>();

    @Option(names = "--token", paramLabel = "KEY", description = "License key (default: $LICENSE_KEY); never printed.")
    String token;

    @Option(names = {"-t", "--timeout"}, paramLabel = "DURATION", defaultValue = "60s",
            description = "Connect and read timeout per request (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--max-in-flight", paramLabel = "N", defaultValue = "256",
            description = "Open loop: requests outstanding at most (default: ${DEFAULT-VALUE}).")
    int maxInFlight;

    @Option(names = "--metrics-url", paramLabel = "URL",
            description = "Prometheus server (http://prometheus:9090) or a pod's raw /metrics URL, polled each second; repeatable.")
    List<URI> metricsUrls = new ArrayList<>();

    @Option(names = "--active-query", paramLabel = "PROMQL", defaultValue = "asr_active_requests",
            description = "Prometheus query for active requests by pod (default: ${DEFAULT-VALUE}).")
    String activeQuery;

    @Option(names = "--replicas-query", paramLabel = "PROMQL", defaultValue = "count(asr_active_requests)",
            description = "Prometheus query for the replica count (default: ${DEFAULT-VALUE}).")
    String replicasQuery;

    @Option(names = "--target-active-requests", paramLabel = "N",
            description = "HPA target per pod, drawn in the report's per-pod panel.")
    Double targetActiveRequests;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the per-second series as .json or .csv.")
    Path out;

    @Option(names = "--quiet", description = "No progress line on stderr.")
    boolean quiet;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Endpoint endpoint = Endpoint.parse(url);
        LoadProfile profile = profile();
        Duration runFor = duration != null ? duration
                : profileOptions.shaped() ? Duration.ofSeconds(profile.durationSeconds()) : null;
        // Like hey, a run without -z and -n sends 200 requests.
        long count = 0;
        if (requests != null) {
            count = requests;
        } else if (runFor == null) {
            count = 200;
        }
        RunSettings settings = new RunSettings(endpoint, profile, runFor, count, timeout, maxInFlight);
        RequestSource source = requestSource(endpoint);
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();

        MetricsPoller poller = null;
        if (!metricsUrls.isEmpty()) {
            poller = new MetricsPoller(metricsUrls, activeQuery, replicasQuery, message -> {
                err.println(message);
                err.flush();
            });
            poller.start();
        }
        RunResult result;
        try {
            result = new LoadRun(settings, source, poller, quiet ? null : err).execute();
        } finally {
            if (poller != null) {
                poller.close();
            }
        }
        String basis = profile.kind() == LoadProfile.Kind.RATE ? "from the intended send time" : "from the send";
        stdout.print(result.describe(basis));
        stdout.flush();
        if (out != null) {
            String title = String.format(Locale.ROOT, "loadtest run %s %s: %s", endpoint.hostHeader(),
                    endpoint.requestTarget(), profile.description());
            SeriesFiles.write(new Series("run", title, profile.kind().columnName(), targetActiveRequests,
                    result.points(), result.summary()), out);
            err.println("wrote " + out);
        }
        err.flush();
        return 0;
    }

    private LoadProfile profile() throws IOException {
        LoadProfile.Kind kind = rate != null ? LoadProfile.Kind.RATE : LoadProfile.Kind.CONCURRENCY;
        double peak = rate != null ? rate : concurrency;
        if (!(peak > 0)) {
            throw new IllegalArgumentException("invalid load " + peak + ": -c and -q must be greater than 0");
        }
        if (profileOptions.scenario != null && duration == null) {
            throw new IllegalArgumentException("--scenario needs a duration: add -z, e.g. -z 2m");
        }
        int seconds = duration == null ? 0 : (int) Math.max(1, Math.ceil(duration.toMillis() / 1000.0));
        return profileOptions.build(kind, peak, Math.max(seconds, profileOptions.profile != null ? 0 : 1));
    }

    private RequestSource requestSource(Endpoint endpoint) throws IOException {
        List<String> allHeaders = new ArrayList<>(headers);
        String key = token != null ? token : System.getenv("LICENSE_KEY");
        if (key != null && !key.isBlank()) {
            allHeaders.add("Authorization: Token " + key.strip());
        }
        List<Path> audio = new ArrayList<>(files);
        if (directory != null) {
            try (Stream<Path> entries = Files.list(directory)) {
                entries.filter(Files::isRegularFile).filter(RunCommand::isAudio).sorted().forEach(audio::add);
            }
            if (audio.isEmpty()) {
                throw new IllegalArgumentException("no audio files in " + directory);
            }
        }
        if (!audio.isEmpty() && !audioUrls.isEmpty()) {
            throw new IllegalArgumentException("--file/--dir and --audio-url exclude each other: give one");
        }
        if (!audio.isEmpty()) {
            return RequestSource.audioFiles(endpoint, audio, allHeaders, multipart);
        }
        if (!audioUrls.isEmpty()) {
            return RequestSource.audioUrls(endpoint, audioUrls, allHeaders);
        }
        byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        String verb = body != null ? "POST" : "GET";
        if (method != null) {
            verb = method.toUpperCase(Locale.ROOT);
        }
        return RequestSource.plain(endpoint, verb, allHeaders, payload, contentType);
    }

    private static boolean isAudio(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.matches(".*\\.(wav|mp3|flac|ogg|opus|m4a|mp4|webm|aac)$");
    }
}
