-- Each user's language, for the messages mailed to them.
ALTER TABLE users ADD COLUMN locale TEXT NOT NULL DEFAULT 'en';
