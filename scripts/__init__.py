"""Scripts of the repository; scripts/lib holds their Python helpers."""
