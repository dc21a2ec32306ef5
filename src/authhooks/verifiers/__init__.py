"""Building blocks that check a request's authenticity: Bearer keys, HMAC signatures, JWTs."""
