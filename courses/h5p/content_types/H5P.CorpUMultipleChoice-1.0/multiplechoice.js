/* H5P.CorpUMultipleChoice: one or several correct answers among 2–8 choices. */
var H5P = H5P || {};
H5P.CorpUMultipleChoice = (function (CorpUQuestion) {
  'use strict';
  var DEFAULTS = {
    question: '', answers: [], feedbackCorrect: 'Tepat!', feedbackWrong: 'Kurang tepat.',
    l10n: {checkAnswer: 'Periksa jawaban', retry: 'Coba lagi'}
  };

  function CorpUMultipleChoice(params, contentId, extras) {
    CorpUQuestion.call(this, params, contentId, extras, DEFAULTS);
    this.multiple = this.params.answers.filter(function (a) { return a.correct; }).length > 1;
  }
  CorpUMultipleChoice.prototype = Object.create(CorpUQuestion.prototype);
  CorpUMultipleChoice.prototype.constructor = CorpUMultipleChoice;
  CorpUMultipleChoice.prototype.interactionType = 'choice';

  CorpUMultipleChoice.prototype.choices = function () {
    return this.params.answers.map(function (answer, index) {
      return {value: String(index), label: answer.text, correct: !!answer.correct};
    });
  };

  return CorpUMultipleChoice;
})(H5P.CorpUQuestion);
