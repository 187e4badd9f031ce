SELECT user_id, balance FROM economy.users WHERE guild_id = 1 ORDER BY balance DESC LIMIT 100;
