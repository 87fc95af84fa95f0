"""Small scikit-learn models: section kind, problem category. Classifiers rank, rules decide."""
