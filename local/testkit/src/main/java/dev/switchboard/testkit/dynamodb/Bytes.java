package dev.switchboard.testkit.dynamodb;

import java.util.Arrays;
import java.util.Base64;

/** An immutable byte string with value equality and DynamoDB's ordering (unsigned bytes, lexicographic). */
final class Bytes implements Comparable<Bytes> {
    private final byte[] bytes;

    private Bytes(byte[] bytes) {
        this.bytes = bytes;
    }

    static Bytes fromBase64(String base64) {
        return new Bytes(Base64.getDecoder().decode(base64));
    }

    int length() {
        return bytes.length;
    }

    String base64() {
        return Base64.getEncoder().encodeToString(bytes);
    }

    boolean startsWith(Bytes prefix) {
        return prefix.bytes.length <= bytes.length
                && Arrays.equals(bytes, 0, prefix.bytes.length, prefix.bytes, 0, prefix.bytes.length);
    }

    boolean contains(Bytes part) {
        outer:
        for (int i = 0; i + part.bytes.length <= bytes.length; i++) {
            for (int j = 0; j < part.bytes.length; j++) {
                if (bytes[i + j] != part.bytes[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Override
    public int compareTo(Bytes other) {
        return Arrays.compareUnsigned(bytes, other.bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bytes other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return base64();
    }
}
