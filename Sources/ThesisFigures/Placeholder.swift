// ThesisFigures
