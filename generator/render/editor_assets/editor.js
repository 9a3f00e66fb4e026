/* The web editor (/admin/) on top of Decap CMS: our wording, the save rules and the preview.
 *
 * Loaded after decap-cms.js (which defines CMS and h = React.createElement) and settings.js
 * (window.REPLIES_EDITOR, generated from generator/schema.py by generator/editor.py).
 * index.html sets CMS_MANUAL_INIT, so everything here is registered before Decap starts.
 */
(function () {
  'use strict';

  var S = window.REPLIES_EDITOR;
  var CMS = window.CMS;
  var h = window.h;

  // --- wording: Simplified Chinese, workflow states in our words ------------------------
  // registerLocale replaces a locale's phrases, so the bundled zh_Hans is merged with ours.
  var WORDING = {
    app: { header: { content: '答复与政策', workflow: '审核与发布', media: '附件', quickAdd: '新建' } },
    collection: {
      sidebar: { collections: '栏目', allCollections: '全部栏目', searchAll: '查找…', searchIn: '查找' },
      collectionTop: { newButton: '＋ 新建%{collectionLabel}', newButtonAriaLabel: '新建%{collectionLabel}' }
    },
    editor: {
      editorControl: { field: { optional: '选填' } },
      editorControlPane: {
        widget: {
          required: '请填写“%{fieldLabel}”（必填）',
          regexPattern: '“%{fieldLabel}”格式不对：%{pattern}'
        }
      },
      editor: {
        onPublishingNotReady: '请先把状态改为“待发布”，再发布',
        onPublishing: '确定发布吗？发布后将提交到网站内容，检查通过后上网。',
        onUpdatingWithUnsavedChanges: '有修改尚未保存：请先保存，再更改状态',
        onPublishingWithUnsavedChanges: '有修改尚未保存：请先保存，再发布'
      },
      editorToolbar: {
        draft: '草稿', inReview: '待审核', ready: '待发布', status: '状态：%{status}',
        publish: '发布', publishNow: '立即发布', published: '已发布', save: '保存',
        unsavedChanges: '有修改尚未保存', changesSaved: '已保存',
        backCollection: '返回“%{collectionLabel}”'
      }
    },
    workflow: {
      workflow: {
        workflowHeading: '审核与发布', newPost: '新建',
        description: '%{smart_count} 件待审核，%{readyCount} 件待发布 |||| %{smart_count} 件待审核，%{readyCount} 件待发布'
      },
      workflowList: {
        draftHeader: '草稿', inReviewHeader: '待审核', readyHeader: '待发布',
        onPublishingNotReadyEntry: '只有“待发布”的内容才能发布：请先把卡片拖到“待发布”一栏'
      }
    },
    mediaLibrary: { mediaLibraryModal: { mediaAssets: '附件' } },
    ui: {
      toast: {
        missingRequiredField: '有必填项未填写或格式不对：请按红色提示修改后再保存',
        onFailToPersist: '保存失败：%{details}',
        entrySaved: '已保存'
      }
    }
  };

  function merge(base, extra) {
    var out = {};
    Object.keys(base || {}).forEach(function (key) { out[key] = base[key]; });
    Object.keys(extra).forEach(function (key) {
      var value = extra[key];
      out[key] = value && typeof value === 'object' ? merge(out[key], value) : value;
    });
    return out;
  }

  CMS.registerLocale('zh_Hans', merge(CMS.getLocale('zh_Hans'), WORDING));

  // --- blank values ---------------------------------------------------------------------

  // Immutable.js marks its collections with these keys (isKeyed / isIndexed); decap-cms.js does
  // not export Immutable itself.
  function isMap(value) { return value != null && Boolean(value['@@__IMMUTABLE_KEYED__@@']); }
  function isList(value) { return value != null && Boolean(value['@@__IMMUTABLE_INDEXED__@@']); }

  // What the check counts as not filled in (validate.is_blank): nothing, "", [], a mapping of blanks.
  function isBlank(value) {
    if (value === null || value === undefined) return true;
    if (typeof value === 'string') return value.trim() === '';
    if (isMap(value)) return value.every(isBlank);
    if (isList(value)) return value.every(isBlank);
    if (Array.isArray(value)) return value.every(isBlank);
    if (typeof value === 'object' && value.constructor === Object) {
      return Object.keys(value).every(function (key) { return isBlank(value[key]); });
    }
    return false;
  }

  // --- an optional object whose parts are required (session, withdrawal) ---------------------
  // Decap's object widget validates every part even while the object is empty
  // (ObjectControl.validate), which would make e.g. 会议 and 撤回说明 compulsory; this one
  // checks the parts only once one of them is filled in.
  var objectWidget = CMS.getWidget('object');
  var ObjectControl = objectWidget.control;
  class OptionalObjectControl extends ObjectControl {
    constructor(props) {
      super(props);
      var validateParts = this.validate;
      var self = this;
      this.validate = function () {
        if (isBlank(self.props.value)) return;
        validateParts();
      };
    }
  }
  CMS.registerWidget('optional-object', OptionalObjectControl, objectWidget.preview, objectWidget.schema);

  // --- saving: keys in schema order, unknown keys kept, nothing added but what was typed --------

  // The top-level keys of the file as it was, in order (front matter of .md, or a .yml file).
  function originalKeys(raw) {
    if (!raw) return [];
    var text = String(raw).replace(/\r\n?/g, '\n');
    if (text.indexOf('---\n') === 0) {
      var end = text.indexOf('\n---', 4);
      text = end >= 0 ? text.slice(4, end) : text.slice(4);
    }
    var keys = [];
    text.split('\n').forEach(function (line) {
      var match = /^(?:"([^"]+)"|'([^']+)'|([^\s#'"\-?:][^:]*?|-[^\s:][^:]*?))\s*:(?:\s|$)/.exec(line);
      if (match) keys.push(match[1] || match[2] || match[3]);
    });
    return keys;
  }

  // `sequence` (the keys as they were) rearranged: known keys in schema order, each unknown key
  // right after the key it followed.
  function arrange(sequence, known) {
    var out = known.filter(function (key) { return sequence.indexOf(key) >= 0; });
    sequence.forEach(function (key, index) {
      if (known.indexOf(key) >= 0) return;
      var at = 0;
      for (var before = index - 1; before >= 0; before--) {
        var found = out.indexOf(sequence[before]);
        if (found >= 0) { at = found + 1; break; }
      }
      out.splice(at, 0, key);
    });
    return out;
  }

  // A mapping of the record, reordered by `order` ({keys, children}); blank known values are
  // dropped where `prune` says they were added by the form, never unknown keys.
  function normalise(map, order, sequence, prune) {
    var present = map.keySeq().toArray();
    var seen = sequence.filter(function (key) { return present.indexOf(key) >= 0; });
    present.forEach(function (key) { if (seen.indexOf(key) < 0) seen.push(key); });
    var keys = arrange(seen, order.keys);
    var rank = {};
    keys.forEach(function (key, index) { rank[key] = index; });
    var result = map.toOrderedMap().sortBy(function (value, key) { return rank[key]; });
    return result.withMutations(function (out) {
      keys.forEach(function (key) {
        var value = out.get(key);
        var known = order.keys.indexOf(key) >= 0;
        var pruneHere = typeof prune === 'function' ? prune(key) : prune;
        var child = order.children[key];
        if (child && isMap(value)) {
          value = normalise(value, child, value.keySeq().toArray(), pruneHere);
        } else if (child && isList(value)) {
          value = value.map(function (item) {
            return isMap(item) ? normalise(item, child, item.keySeq().toArray(), pruneHere) : item;
          });
          if (pruneHere) value = value.filter(function (item) { return !isBlank(item); });
        } else if (isList(value) && pruneHere) {
          value = value.filter(function (item) { return !isBlank(item); });
        }
        if (known && pruneHere && isBlank(value)) {
          out.delete(key);
        } else {
          out.set(key, value);
        }
      });
    });
  }

  CMS.registerEventListener({
    name: 'preSave',
    handler: function (event) {
      var entry = event.entry;
      var kind = S.collections[entry.get('collection')];
      if (!kind) return undefined;
      var data = entry.get('data');
      var isNew = Boolean(entry.get('newRecord'));
      if (kind === 'reply' && isNew && isBlank(data.get('written_date'))) {
        // The record's folder is the year of its letter (collection path in config.yml).
        throw new Error('请填写成文日期：新答复按成文日期的年份存放在 content/replies/<年份>/。'
          + '原件确实没有落款日期时，请用 python -m generator new 新建，或请技术人员协助');
      }
      var before = originalKeys(entry.get('raw'));
      // New record: everything blank was left by the form.  Existing record: only keys the
      // file did not have are dropped when blank; what the file had stays as it was.
      var prune = isNew ? true : function (key) { return before.indexOf(key) < 0; };
      return normalise(data, S.order[kind], before, prune);
    }
  });

  // --- preview: the reply page as the public will see it -------------------------------------

  S.previewStyles.forEach(function (url) { CMS.registerPreviewStyle(url); });

  function text(value) { return value == null ? '' : String(value); }
  function plain(value) { return value && typeof value.toJS === 'function' ? value.toJS() : value; }

  function cnDate(value) {
    var match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text(value).trim());
    return match ? match[1] + '年' + Number(match[2]) + '月' + Number(match[3]) + '日' : text(value);
  }

  var NOUN = { '人大建议': '建议', '政协提案': '提案' };
  var MOBILE = /(?:^|[^\d])(1[3-9]\d(?:[\s-]?\d{4}){2})(?!\d)/;

  function sessionAndItem(data) {
    var session = data.getIn(['session', 'text']);
    var item = text(data.get('item_no')).trim();
    return [text(session).trim(), item ? '第' + item + '号' : ''].filter(Boolean).join(' ');
  }

  function displayTitle(data) {
    var title = text(data.get('title')).trim();
    if (title) return title;
    var proposal = text(data.get('proposal_title')).trim();
    var subject = proposal ? '《' + proposal + '》' : sessionAndItem(data) + (NOUN[data.get('kind')] || '');
    return '对' + subject + '的答复';
  }

  function rowValue(source, data) {
    switch (source) {
      case 'display_title': return displayTitle(data);
      case 'session_and_item': return sessionAndItem(data);
      case 'publication_date': return cnDate(data.get('published_date') || data.get('written_date'));
      case 'written_date': case 'updated': return cnDate(data.get(source));
      case 'topics':
        return (plain(data.get('topics')) || []).map(function (slug) { return S.topics[slug] || slug; }).join('、');
      case 'reply_category':
        var letter = text(data.get('reply_category'));
        return letter ? letter + '类（' + (S.categoryMeanings[letter] || '') + '）' : '';
      default: return text(data.get(source));
    }
  }

  function fileType(path) {
    var match = /\.([A-Za-z0-9]+)$/.exec(text(path));
    return match ? match[1].toUpperCase().replace('JPEG', 'JPG') : '';
  }

  function fileSize(size) {
    if (!size) return '';
    return size < 1024 * 1024 ? Math.max(1, Math.ceil(size / 1024)) + ' KB' : (size / 1048576).toFixed(1) + ' MB';
  }

  function ReplyPreview(props) {
    var data = props.entry.get('data');
    var rows = S.metadataRows.filter(function (row) { return row[1] !== 'updated' || data.get('updated'); });
    var meta = h('dl', { className: 'gov-meta' }, rows.map(function (row) {
      return h('div', { className: 'gov-meta__item', key: row[0] },
        h('dt', null, row[0]), h('dd', null, rowValue(row[1], data) || '—'));
    }));
    var issuer = text(data.get('issuer'));
    var head = h('div', { className: 'letter__head' },
      issuer ? h('p', { className: 'letter__issuer' }, issuer) : null,
      data.get('doc_number') ? h('p', { className: 'letter__docno' }, data.get('doc_number')) : null,
      data.get('reply_category') ? h('p', { className: 'letter__category' }, '答复类别：' + data.get('reply_category') + '类') : null);
    var lines = (plain(data.get('signatories')) || []).map(function (s, i) {
      return h('p', { key: 's' + i }, text(s && s.role) + '：' + text(s && s.name));
    }).concat((plain(data.get('contacts')) || []).map(function (c, i) {
      c = c || {};
      return h('p', { key: 'c' + i }, (text(c.role) || '联系人') + '：' + text(c.name) + (c.phone ? '　联系电话：' + c.phone : ''));
    }));
    var written = data.get('written_date');
    var cc = plain(data.get('cc')) || [];
    var attachments = (plain(data.get('attachments')) || []).filter(function (a) { return a && (a.file || a.url); });
    var body = text(data.get('body'));
    var warning = MOBILE.test(body)
      ? h('p', { className: 'editor-preview__warning', role: 'alert' }, '正文中有疑似手机号码：私人手机号不得公开，发布前的检查会拦下。')
      : null;
    var letter = h('article', { className: 'letter' },
      head,
      h('h1', null, displayTitle(data)),
      data.get('addressee') ? h('p', { className: 'letter__addressee' }, data.get('addressee') + '：') : null,
      props.widgetFor('body'),
      lines.length ? h('div', { className: 'letter__signatures' }, lines) : null,
      issuer || written ? h('div', { className: 'letter__seal' }, issuer ? h('p', null, issuer) : null,
        written ? h('p', null, cnDate(written)) : null) : null,
      h('p', { className: 'letter__disclosure' }, '（此件' + text(data.get('disclosure') || '公开属性未填写') + '）'),
      cc.length ? h('div', { className: 'letter__cc' }, h('p', null, '抄送：' + cc.join('，') + '。')) : null);
    var files = attachments.length ? h('div', { className: 'reply-attachments' }, h('h2', null, '附件'),
      h('ul', null, attachments.map(function (a, i) {
        var note = '';
        if (a.file) {
          var asset = props.getAsset ? props.getAsset(a.file) : null;
          var size = asset && asset.fileObj ? fileSize(asset.fileObj.size) : '';
          note = '（' + [fileType(a.file), size].filter(Boolean).join('，') + '）';
        }
        return h('li', { key: i }, h('a', { href: a.url || '#' }, text(a.title) || text(a.file)), note);
      }))) : null;
    var notPublic = data.get('disclosure') && data.get('disclosure') !== '主动公开'
      ? h('p', { className: 'editor-preview__warning' }, '本件公开属性为“' + data.get('disclosure') + '”：不会发布到网站。')
      : null;
    return h('div', { className: 'editor-preview', 'data-md-color-scheme': 'default', 'data-md-color-primary': 'red',
      'data-md-color-accent': 'red' },
      h('div', { className: 'md-content' }, h('article', { className: 'md-content__inner md-typeset' },
        notPublic, warning, meta, letter, files)));
  }

  S.replyCollections.forEach(function (name) { CMS.registerPreviewTemplate(name, ReplyPreview); });

  CMS.init();
})();
