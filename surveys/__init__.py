"""Anonymous community surveys: questionnaires in every language, online answering, paper entry
through partner collectors, and results published with small cells suppressed. A response stores
no IP address, user agent or account."""
