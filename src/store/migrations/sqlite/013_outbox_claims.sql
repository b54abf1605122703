-- Several nodes send the chain-logging outbox: a node claims a batch before it posts it, for a lease
-- that ends at claimed_until (epoch ms), so no other node sends the same events meanwhile.
ALTER TABLE chain_log_outbox ADD COLUMN claimed_by TEXT;
ALTER TABLE chain_log_outbox ADD COLUMN claimed_until INTEGER;
