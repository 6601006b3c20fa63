langs
