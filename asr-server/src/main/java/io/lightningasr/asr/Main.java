package io.lightningasr.asr;

public final class Main {
    public static void main(String[] args) {
        System.out.println("placeholder");
    }
}
