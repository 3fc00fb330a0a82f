"""Language quality: the terminology base, the translatable units the portal ships, review packets."""
