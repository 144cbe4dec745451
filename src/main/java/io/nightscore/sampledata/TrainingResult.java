package io.nightscore.sampledata;

import java.nio.file.Path;

/**
 * What {@link ChurnModelTrainer} produced: the saved model and how well it separates
 * churners on held-out customers.
 *
 * @param modelFile the saved model
 * @param trees the number of trees (boosting rounds)
 * @param trainingRows how many customers the model was trained on
 * @param holdout the metrics on customers drawn after the training rows
 */
public record TrainingResult(Path modelFile, int trees, int trainingRows, HoldoutMetrics holdout) {

}
