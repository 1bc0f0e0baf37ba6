/* H5P.CorpUQuestionList (test content): several questions, each a sub-content with its own state, as in H5P's
   Question Set; its state holds every question's state, and it completes once every question is checked. */
var H5P = H5P || {};
H5P.CorpUQuestionList = (function ($, EventDispatcher) {
  'use strict';

  function CorpUQuestionList(params, contentId, extras) {
    var self = this;
    EventDispatcher.call(this);
    var previous = ((extras && extras.previousState) || {}).questions || [];
    this.questions = (params.questions || []).map(function (question, index) {
      var child = H5P.newRunnable(question, contentId, undefined, true, {previousState: previous[index], parent: self});
      child.on('xAPI', function (event) {
        if (event.getVerb() === 'answered' && self.questions.every(function (q) { return q.checked; })) {
          self.triggerXAPIScored(self.getScore(), self.getMaxScore(), 'completed', true,
            self.getScore() === self.getMaxScore());
        }
      });
      return child;
    });
  }
  CorpUQuestionList.prototype = Object.create(EventDispatcher.prototype);
  CorpUQuestionList.prototype.constructor = CorpUQuestionList;

  CorpUQuestionList.prototype.getScore = function () {
    return this.questions.reduce(function (sum, q) { return sum + q.getScore(); }, 0);
  };
  CorpUQuestionList.prototype.getMaxScore = function () {
    return this.questions.reduce(function (sum, q) { return sum + q.getMaxScore(); }, 0);
  };
  CorpUQuestionList.prototype.getCurrentState = function () {
    return {questions: this.questions.map(function (q) { return q.getCurrentState(); })};
  };
  CorpUQuestionList.prototype.attach = function ($container) {
    $container.addClass('corpu-question-list').empty();
    this.questions.forEach(function (question, index) {
      question.attach($('<section class="corpu-question-list__item"></section>')
        .attr('aria-label', String(index + 1)).appendTo($container));
    });
  };

  return CorpUQuestionList;
})(H5P.jQuery, H5P.EventDispatcher);
