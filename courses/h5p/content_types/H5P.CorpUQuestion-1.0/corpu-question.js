/* Shared behaviour of CorpU's H5P questions: choices, check/retry, feedback, xAPI score, resumable state. */
/* Text parameters arrive HTML-escaped or sanitised by the server's semantics filter, as in H5P core: insert as HTML. */
var H5P = H5P || {};
H5P.CorpUQuestion = (function ($, EventDispatcher) {
  'use strict';

  function CorpUQuestion(params, contentId, extras, defaults) {
    EventDispatcher.call(this);
    this.params = $.extend(true, {}, defaults, params);
    this.contentId = contentId;
    var state = (extras && extras.previousState) || {};
    this.selected = state.selected || [];
    this.checked = !!state.checked;
  }
  CorpUQuestion.prototype = Object.create(EventDispatcher.prototype);
  CorpUQuestion.prototype.constructor = CorpUQuestion;

  /* Subclasses give: choices() -> [{value, label, correct}], multiple (bool), interactionType ('true-false' or
     'choice'). The xAPI response is the chosen values joined by '[,]', as H5P's TrueFalse and MultiChoice send it,
     so the server can re-check the answer against content.json. */
  CorpUQuestion.prototype.getMaxScore = function () {
    return this.multiple ? this.choices().filter(function (c) { return c.correct; }).length : 1;
  };

  CorpUQuestion.prototype.getScore = function () {
    var selected = this.selected;
    var right = 0;
    var wrong = 0;
    this.choices().forEach(function (choice) {
      if (selected.indexOf(choice.value) !== -1) {
        if (choice.correct) { right += 1; } else { wrong += 1; }
      }
    });
    return this.multiple ? Math.max(0, right - wrong) : (right === 1 && wrong === 0 ? 1 : 0);
  };

  CorpUQuestion.prototype.getAnswerGiven = function () { return this.selected.length > 0; };
  CorpUQuestion.prototype.getCurrentState = function () {
    return {selected: this.selected, checked: this.checked};
  };

  CorpUQuestion.prototype.attach = function ($container) {
    var self = this;
    var name = 'corpu-q-' + this.contentId + '-' + Math.floor(Math.random() * 1e9);
    $container.addClass('corpu-question').empty();
    var $fieldset = $('<fieldset class="corpu-question__choices"></fieldset>').appendTo($container);
    $('<legend class="corpu-question__text"></legend>').html(this.params.question).appendTo($fieldset);
    this.choices().forEach(function (choice, index) {
      var id = name + '-' + index;
      var $row = $('<div class="corpu-question__choice"></div>').appendTo($fieldset);
      $('<input>', {type: self.multiple ? 'checkbox' : 'radio', name: name, id: id, value: choice.value})
        .prop('checked', self.selected.indexOf(choice.value) !== -1)
        .on('change', function () {
          self.selected = $fieldset.find('input:checked').map(function () { return this.value; }).get();
          self.trigger('resize');
        })
        .appendTo($row);
      $('<label></label>', {'for': id}).html(choice.label).appendTo($row);
    });
    this.$feedback = $('<p class="corpu-question__feedback" role="status" aria-live="polite"></p>')
      .appendTo($container);
    this.$check = $('<button type="button" class="corpu-question__button"></button>')
      .html(this.params.l10n.checkAnswer).on('click', function () { self.check(); }).appendTo($container);
    this.$retry = $('<button type="button" class="corpu-question__button"></button>')
      .html(this.params.l10n.retry).on('click', function () { self.resetTask(); }).hide().appendTo($container);
    this.$fieldset = $fieldset;
    if (this.checked) { this.showResult(); }
  };

  CorpUQuestion.prototype.showResult = function () {
    var score = this.getScore();
    var max = this.getMaxScore();
    var success = score === max;
    this.$fieldset.find('input').prop('disabled', true);
    this.$feedback.html((success ? this.params.feedbackCorrect : this.params.feedbackWrong) +
      ' (' + score + '/' + max + ')').toggleClass('is-correct', success).toggleClass('is-wrong', !success);
    this.$check.hide();
    this.$retry.show();
    this.trigger('resize');
    return success;
  };

  CorpUQuestion.prototype.check = function () {
    if (!this.getAnswerGiven()) {
      this.$feedback.html(this.params.l10n.noAnswer || 'Pilih jawaban terlebih dahulu.');
      return;
    }
    this.checked = true;
    var success = this.showResult();
    this.trigger(this.answeredEvent(success));
  };

  CorpUQuestion.prototype.answeredEvent = function (success) {
    var event = this.createXAPIEventTemplate('answered');
    var choices = this.choices();
    var object = event.data.statement.object = event.data.statement.object || {};
    var definition = object.definition = object.definition || {};
    var correct = choices.filter(function (c) { return c.correct; }).map(function (c) { return c.value; });
    $.extend(definition, {
      description: {'en-US': $('<div>').html(this.params.question).text()},
      type: 'http://adlnet.gov/expapi/activities/cmi.interaction',
      interactionType: this.interactionType,
      correctResponsesPattern: [correct.join('[,]')]
    });
    if (this.interactionType === 'choice') {
      definition.choices = choices.map(function (c) {
        return {id: c.value, description: {'en-US': $('<div>').html(c.label).text()}};
      });
    }
    event.setScoredResult(this.getScore(), this.getMaxScore(), this, true, success);
    event.data.statement.result.response = this.selected.join('[,]');
    return event;
  };

  CorpUQuestion.prototype.resetTask = function () {
    this.selected = [];
    this.checked = false;
    this.$fieldset.find('input').prop('checked', false).prop('disabled', false);
    this.$feedback.text('').removeClass('is-correct is-wrong');
    this.$check.show();
    this.$retry.hide();
    this.trigger('resize');
  };

  return CorpUQuestion;
})(H5P.jQuery, H5P.EventDispatcher);
