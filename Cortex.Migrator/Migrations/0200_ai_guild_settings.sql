-- Per-guild AI overrides; a NULL column means "the seed's default" (Cortex.Ai AiDefaultsOptions).
CREATE TABLE ai.guild_settings (
    guild_id              BIGINT PRIMARY KEY,
    user_calls_per_window INTEGER CHECK (user_calls_per_window > 0),
    user_window_seconds   INTEGER CHECK (user_window_seconds > 0),
    daily_tokens          BIGINT CHECK (daily_tokens > 0),
    model                 TEXT CHECK (length(model) BETWEEN 1 AND 100),
    max_reply_tokens      INTEGER CHECK (max_reply_tokens BETWEEN 16 AND 4096),
    chat_channel_ids      BIGINT[] NOT NULL DEFAULT '{}',
    updated_at            TIMESTAMPTZ NOT NULL DEFAULT now()
);
