"""Evaluation of the extraction stage: attributions against brat gold, speculation against
labelled sentences. ``workbook eval attributions DIR [--types FILE]`` and
``workbook eval speculation CSV`` call :mod:`.attributions` and :mod:`.speculation`."""
