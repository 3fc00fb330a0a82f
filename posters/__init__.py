"""Orders for free City of Belonging posters: stock per poster and language, the staff fulfilment
queue, and purge of delivery addresses after fulfilment."""
