/* H5P.CorpUTrueFalse: a true/false statement. */
var H5P = H5P || {};
H5P.CorpUTrueFalse = (function (CorpUQuestion) {
  'use strict';
  var DEFAULTS = {
    question: '', correct: 'true', feedbackCorrect: 'Tepat!', feedbackWrong: 'Kurang tepat.',
    l10n: {trueText: 'Benar', falseText: 'Salah', checkAnswer: 'Periksa jawaban', retry: 'Coba lagi'}
  };

  function CorpUTrueFalse(params, contentId, extras) {
    CorpUQuestion.call(this, params, contentId, extras, DEFAULTS);
    this.multiple = false;
  }
  CorpUTrueFalse.prototype = Object.create(CorpUQuestion.prototype);
  CorpUTrueFalse.prototype.constructor = CorpUTrueFalse;
  CorpUTrueFalse.prototype.interactionType = 'true-false';

  CorpUTrueFalse.prototype.choices = function () {
    var correct = String(this.params.correct);
    return [
      {value: 'true', label: this.params.l10n.trueText, correct: correct === 'true'},
      {value: 'false', label: this.params.l10n.falseText, correct: correct === 'false'}
    ];
  };

  return CorpUTrueFalse;
})(H5P.CorpUQuestion);
