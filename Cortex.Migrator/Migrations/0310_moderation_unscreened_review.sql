-- A message whose deep stages failed every attempt (or whose stage-3 answer stayed malformed) is
-- not dropped: it gets a case with no action and an 'unscreened' item in the review queue.
ALTER TABLE moderation.review_queue DROP CONSTRAINT IF EXISTS review_queue_kind_check;
ALTER TABLE moderation.review_queue ADD CONSTRAINT review_queue_kind_check CHECK (kind IN ('ban', 'appeal', 'unscreened'));
