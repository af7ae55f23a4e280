-- Checkpoints become a chain of their own (issue 11): each one signs the SHA-256 of the previous
-- checkpoint's signed text (prev_digest), so deleting a checkpoint from the middle is found, and the key id
-- becomes the RFC 7638 thumbprint of a key that lasts across restarts.
--
-- Checkpoints written before this version were signed by a key generated at each start and never
-- kept: no public key that verifies them exists any more, so they prove nothing and would only fail
-- every verification. They are removed here; the chain of events itself is untouched, and the first
-- checkpoint written after the upgrade covers it again.
DELETE FROM audit_checkpoint;

ALTER TABLE audit_checkpoint ADD COLUMN prev_digest CHAR(64) NOT NULL;

-- verify reads the checkpoints of a seq range in the order they were written
CREATE INDEX ix_audit_checkpoint_seq ON audit_checkpoint (seq, id);
