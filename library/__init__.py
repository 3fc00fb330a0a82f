"""The office's downloadable materials (guides, Know Your Rights material, poster artwork), a file
per language, served at /<lang>/resources/."""
