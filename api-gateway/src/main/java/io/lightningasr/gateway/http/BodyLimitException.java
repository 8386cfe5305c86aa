package io.lightningasr.gateway.http;

/** A body read that stopped at a limit: the per-request size limit or the gateway-wide buffer budget. */
public final class BodyLimitException extends Exception {
    /** The limit that stopped the read. */
    public enum Kind { TOO_LARGE, BUDGET_EXHAUSTED }

    private final Kind kind;

    public BodyLimitException(Kind kind) {
        super(kind == Kind.TOO_LARGE ? "body exceeds the size limit" : "gateway audio buffer is full");
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
