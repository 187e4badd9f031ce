-- What Cortex remembers about a user: short facts about the speaker, validated before they land here.
-- fact_key is the normalised fact, so a repeated fact reinforces its weight instead of duplicating.
CREATE TABLE ai.user_memories (
    user_id    BIGINT NOT NULL,
    fact_key   TEXT NOT NULL,
    fact       TEXT NOT NULL CHECK (length(fact) BETWEEN 3 AND 200),
    weight     REAL NOT NULL DEFAULT 1 CHECK (weight > 0),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT pk_user_memories PRIMARY KEY (user_id, fact_key)
);

-- Layer 1 of the context reads a user's top facts by weight.
CREATE INDEX ix_user_memories_weight ON ai.user_memories (user_id, weight DESC, updated_at DESC) INCLUDE (fact);
