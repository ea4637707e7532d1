"""Rombongan's application: building the bot, the domain rules, scheduling, delivery and texts."""
