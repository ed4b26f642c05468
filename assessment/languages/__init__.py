"""The interface's languages: a staff user's own choice, and the language of an organisation's reports."""
