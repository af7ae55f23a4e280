package com.waybillguard.audit.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * A signed statement of the chain head at a point in time. Checkpoints form a chain of their own: each one's
 * {@code prevDigest} is the {@link #digest()} of the checkpoint before it ({@link ChainHash#GENESIS} for the first),
 * and is part of the signed text, so a checkpoint deleted from the middle breaks the next one's link.
 */
@Entity
@Table(name = "audit_checkpoint")
public class Checkpoint {

    /** First part of the signed text, naming its format. */
    public static final String FORMAT = "wg-checkpoint-v2";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(name = "id")
    public Long id;

    @Column(name = "seq", nullable = false)
    public Long seq;

    @Column(name = "hash", nullable = false)
    public String hash;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "prev_digest", nullable = false)
    public String prevDigest;

    @Column(name = "key_id", nullable = false)
    public String keyId;

    @Column(name = "algorithm", nullable = false)
    public String algorithm;

    @Column(name = "signature", nullable = false)
    public String signature;

    /** The signed text: {@code wg-checkpoint-v2|seq|hash|createdAt|prevDigest} ({@code createdAt} ISO-8601 UTC). */
    public String signedText() {
        return signedText(seq, hash, createdAt, prevDigest);
    }

    public static String signedText(long seq, String hash, Instant createdAt, String prevDigest) {
        return FORMAT + "|" + seq + "|" + hash + "|" + createdAt + "|" + prevDigest;
    }

    /** Lowercase hex SHA-256 of {@link #signedText()}: the next checkpoint's {@code prevDigest}. */
    public String digest() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(signedText().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
